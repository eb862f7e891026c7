// Drives Apache Kafka's own Java clients (kafka-clients) against a broker and prints one line per check.
// Compiled and run by test/broker.java.test.ts; exits non-zero on the first failure.
import java.time.Duration;
import java.util.*;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.clients.producer.*;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

public class JavaClientCheck {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    String group = args[2];
    int count = Integer.parseInt(args[3]);

    Properties common = new Properties();
    common.put("bootstrap.servers", bootstrap);
    common.put("request.timeout.ms", "15000");
    common.put("default.api.timeout.ms", "30000");

    try (Admin admin = Admin.create(common)) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
      int nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
      System.out.println("cluster nodes=" + nodes);
      TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
      System.out.println("topic partitions=" + d.partitions().size());
    }

    Properties p = new Properties();
    p.putAll(common);
    p.put("acks", "all");
    p.put("enable.idempotence", "true");
    p.put("compression.type", "lz4");
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) sent.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % 17), "value-" + i)));
      producer.flush();
      for (var f : sent) f.get(30, TimeUnit.SECONDS);
      System.out.println("produced=" + sent.size());
    }

    Properties c = new Properties();
    c.putAll(common);
    c.put("group.id", group);
    c.put("auto.offset.reset", "earliest");
    c.put("enable.auto.commit", "false");
    c.put("key.deserializer", StringDeserializer.class.getName());
    c.put("value.deserializer", StringDeserializer.class.getName());
    Set<String> values = new HashSet<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 60_000;
      while (values.size() < count && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) values.add(r.value());
      }
      consumer.commitSync();
      System.out.println("consumed=" + values.size());
    }

    try (Admin admin = Admin.create(common)) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      long committed = offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
      System.out.println("committed=" + committed);
      ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
      System.out.println("group state=" + g.state());
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int i = 0; i < 3; i++) latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
      long end = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
          .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
      System.out.println("end=" + end);
      admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
      admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      System.out.println("deleted");
    }
  }
}
