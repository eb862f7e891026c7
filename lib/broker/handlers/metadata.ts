import { errorCode } from '../errors';
import type { TopicDescription } from '../log/types';
import type { ApiKey } from '../protocol/api-keys';
import type { ResponseInput } from '../protocol/codec';
import { findOrCreateTopic } from './auto-create';
import type { BrokerCore, Handler } from './context';

type MetadataTopic = ResponseInput<typeof ApiKey.Metadata>['topics'][number];

function describeTopic(core: BrokerCore, t: TopicDescription): MetadataTopic {
  const node = core.identity.nodeId;
  const partitions = [];
  for (let p = 0; p < t.partitions; p++) {
    partitions.push({
      errorCode: 0,
      partitionIndex: p,
      leaderId: node,
      leaderEpoch: 0,
      replicaNodes: [node],
      isrNodes: [node],
      offlineReplicas: [],
    });
  }
  return {
    errorCode: 0,
    name: t.name,
    isInternal: false,
    partitions,
    topicAuthorizedOperations: -2147483648,
  };
}

/**
 * Metadata 0–8. A null topic list (v1+) or an empty one in v0 means every topic. Missing topics are created
 * when the broker and the request allow it, else answered UNKNOWN_TOPIC_OR_PARTITION; bad names get
 * INVALID_TOPIC_EXCEPTION. This single node leads every partition, is its only replica and the controller.
 */
export const metadata: Handler<typeof ApiKey.Metadata> = async (req, { apiVersion, core }) => {
  const all = req.topics === null || (apiVersion === 0 && req.topics.length === 0);
  let topics: MetadataTopic[];
  if (all) {
    topics = core.logs.listTopics().map((t) => describeTopic(core, t));
  } else {
    // v0-v3 clients always allow auto-creation (the field exists from v4).
    const allow = apiVersion < 4 ? true : req.allowAutoTopicCreation;
    topics = await Promise.all(
      (req.topics ?? []).map(async ({ name }) => {
        const topicName = name ?? '';
        const found = await findOrCreateTopic(core, topicName, allow);
        if (found.topic) return describeTopic(core, found.topic);
        return {
          errorCode: found.errorCode || errorCode('UNKNOWN_TOPIC_OR_PARTITION'),
          name: topicName,
          isInternal: false,
          partitions: [],
        };
      }),
    );
  }
  const { nodeId, host, port, clusterId } = core.identity;
  return {
    throttleTimeMs: 0,
    brokers: [{ nodeId, host, port, rack: null }],
    clusterId,
    controllerId: nodeId,
    topics,
  };
};
