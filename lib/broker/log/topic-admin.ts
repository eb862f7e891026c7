/** Topic administration rules shared by every LogManager implementation. */
import { randomUUID } from 'node:crypto';
import { KafkaProtocolError } from '../errors';
import { assertKnownConfig, validateConfigs, validateConfigValue } from './config';
import { collisionKey, type TopicMeta, validateTopicName } from './topic-store';

export const MAX_PARTITIONS = 100_000;

export function unknownTopic(name: string): KafkaProtocolError {
  return new KafkaProtocolError('UNKNOWN_TOPIC_OR_PARTITION', `unknown topic '${name}'`, { topic: name });
}

export function unknownPartition(topic: string, partition: number): KafkaProtocolError {
  return new KafkaProtocolError('UNKNOWN_TOPIC_OR_PARTITION', `unknown partition ${topic}-${partition}`, {
    topic,
    partition,
  });
}

/**
 * Checks a CreateTopics entry against Kafka's rules and the existing (or being created) topic names and
 * returns the new topic's metadata. Partitions -1 means `defaultPartitions`.
 */
export function planNewTopic(
  name: string,
  partitions: number,
  configs: Readonly<Record<string, string>>,
  defaultPartitions: number,
  taken: Iterable<string>,
): TopicMeta {
  validateTopicName(name);
  const count = partitions === -1 ? defaultPartitions : partitions;
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_PARTITIONS) {
    throw new KafkaProtocolError('INVALID_PARTITIONS', `invalid partition count ${partitions}`, {
      topic: name,
    });
  }
  const key = collisionKey(name);
  for (const other of taken) {
    if (other === name) {
      throw new KafkaProtocolError('TOPIC_ALREADY_EXISTS', `topic '${name}' already exists`, { topic: name });
    }
  }
  for (const other of taken) {
    if (collisionKey(other) === key) {
      throw new KafkaProtocolError('INVALID_TOPIC_EXCEPTION', `topic '${name}' collides with '${other}'`, {
        topic: name,
      });
    }
  }
  return { name, topicId: randomUUID(), partitions: count, configs: validateConfigs(configs) };
}

/** CreatePartitions: the new total must be larger than the current count. */
export function checkPartitionGrowth(name: string, current: number, total: number): void {
  if (!Number.isSafeInteger(total) || total <= current || total > MAX_PARTITIONS) {
    throw new KafkaProtocolError(
      'INVALID_PARTITIONS',
      `topic '${name}' has ${current} partitions; the new total must be larger, got ${total}`,
      { topic: name },
    );
  }
}

/** The topic overrides after AlterConfigs (replace) or IncrementalAlterConfigs (merge; null removes). */
export function nextConfigs(
  current: Readonly<Record<string, string>>,
  changes: Readonly<Record<string, string | null>>,
  replace: boolean,
): Record<string, string> {
  const next: Record<string, string> = replace ? {} : { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) {
      assertKnownConfig(key);
      delete next[key];
    } else next[key] = validateConfigValue(key, value);
  }
  return next;
}
