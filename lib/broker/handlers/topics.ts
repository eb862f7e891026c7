import { errorCode, KafkaProtocolError } from '../errors';
import type { ApiKey } from '../protocol/api-keys';
import type { BrokerCore, Handler } from './context';
import { codeFor, messageFor } from './errors';

function failure(core: BrokerCore, err: unknown, topic: string) {
  return { errorCode: codeFor(err, core.log, { topic }), errorMessage: messageFor(err) };
}

/** Rejects replication factors and replica assignments a single node cannot honour. */
function checkPlacement(
  core: BrokerCore,
  replicationFactor: number,
  assignments: readonly { brokerIds: readonly number[] }[],
): void {
  if (replicationFactor !== -1 && replicationFactor !== 1) {
    throw new KafkaProtocolError(
      'INVALID_REPLICATION_FACTOR',
      `replication factor ${replicationFactor} is larger than the number of brokers (1): this is a single-node broker`,
    );
  }
  for (const a of assignments) {
    if (a.brokerIds.length !== 1 || a.brokerIds[0] !== core.identity.nodeId) {
      throw new KafkaProtocolError(
        'INVALID_REPLICA_ASSIGNMENT',
        `replica assignment [${a.brokerIds.join(',')}] must be exactly [${core.identity.nodeId}] on this single-node broker`,
      );
    }
  }
}

/** CreateTopics 0–4: partitions -1 = broker default; replication factor 1 or -1 (one node). */
export const createTopics: Handler<typeof ApiKey.CreateTopics> = async (req, { core }) => {
  const seen = new Map<string, number>();
  for (const t of req.topics) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
  const topics = await Promise.all(
    req.topics.map(async (t) => {
      if ((seen.get(t.name) ?? 0) > 1) {
        return {
          name: t.name,
          errorCode: errorCode('INVALID_REQUEST'),
          errorMessage: 'topic listed more than once',
        };
      }
      try {
        checkPlacement(core, t.replicationFactor, t.assignments);
        if (t.assignments.length > 0 && t.numPartitions !== -1) {
          throw new KafkaProtocolError(
            'INVALID_REQUEST',
            'give either numPartitions or assignments, not both',
          );
        }
        const partitions = t.assignments.length > 0 ? t.assignments.length : t.numPartitions;
        const configs: Record<string, string> = {};
        for (const c of t.configs) if (c.value !== null) configs[c.name] = c.value;
        await core.logs.createTopic(t.name, partitions, configs, { validateOnly: req.validateOnly });
        if (!req.validateOnly)
          core.log.info('created topic', { topic: t.name, partitions: core.logs.topic(t.name)?.partitions });
        return { name: t.name, errorCode: 0, errorMessage: null };
      } catch (err) {
        return { name: t.name, ...failure(core, err, t.name) };
      }
    }),
  );
  return { throttleTimeMs: 0, topics };
};

/** DeleteTopics 0–3. Committed offsets of the topic are dropped by the broker's topic-deleted hook. */
export const deleteTopics: Handler<typeof ApiKey.DeleteTopics> = async (req, { core }) => ({
  throttleTimeMs: 0,
  responses: await Promise.all(
    req.topicNames.map(async (name) => {
      try {
        if (!core.logs.topic(name))
          throw new KafkaProtocolError('UNKNOWN_TOPIC_OR_PARTITION', `unknown topic ${name}`);
        await core.logs.deleteTopic(name);
        await core.onTopicDeleted?.(name);
        core.log.info('deleted topic', { topic: name });
        return { name, errorCode: 0 };
      } catch (err) {
        return { name, errorCode: codeFor(err, core.log, { topic: name }) };
      }
    }),
  ),
});

/** CreatePartitions 0–1: grows a topic to `count` partitions. */
export const createPartitions: Handler<typeof ApiKey.CreatePartitions> = async (req, { core }) => ({
  throttleTimeMs: 0,
  results: await Promise.all(
    req.topics.map(async (t) => {
      try {
        if (t.assignments) checkPlacement(core, 1, t.assignments);
        await core.logs.createPartitions(t.name, t.count, { validateOnly: req.validateOnly });
        return { name: t.name, errorCode: 0, errorMessage: null };
      } catch (err) {
        return { name: t.name, ...failure(core, err, t.name) };
      }
    }),
  ),
});

/** DeleteRecords 0–1: moves each partition's log start offset; offset -1 means the high watermark. */
export const deleteRecords: Handler<typeof ApiKey.DeleteRecords> = async (req, { core }) => ({
  throttleTimeMs: 0,
  topics: await Promise.all(
    req.topics.map(async (t) => ({
      name: t.name,
      partitions: await Promise.all(
        t.partitions.map(async (p) => {
          try {
            const low = await core.logs.partition(t.name, p.partitionIndex).deleteRecordsBefore(p.offset);
            return { partitionIndex: p.partitionIndex, lowWatermark: low, errorCode: 0 };
          } catch (err) {
            const code = codeFor(err, core.log, { topic: t.name, partition: p.partitionIndex });
            return { partitionIndex: p.partitionIndex, lowWatermark: -1, errorCode: code };
          }
        }),
      ),
    })),
  ),
});
