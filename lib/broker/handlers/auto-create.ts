import { errorCode, KafkaProtocolError } from '../errors';
import type { TopicDescription } from '../log/types';
import type { BrokerCore } from './context';

export type TopicLookup = { topic: TopicDescription; errorCode: 0 } | { topic: undefined; errorCode: number };

const inFlight = new WeakMap<BrokerCore, Map<string, Promise<TopicLookup>>>();

/**
 * Finds a topic, creating it when auto-creation is on and the client allows it. Concurrent requests for the
 * same missing topic share one creation, so none of them sees TOPIC_ALREADY_EXISTS.
 */
export function findOrCreateTopic(
  core: BrokerCore,
  name: string,
  allowCreate: boolean,
): TopicLookup | Promise<TopicLookup> {
  const existing = core.logs.topic(name);
  if (existing) return { topic: existing, errorCode: 0 };
  if (!allowCreate || !core.settings.autoCreateTopics) {
    return { topic: undefined, errorCode: errorCode('UNKNOWN_TOPIC_OR_PARTITION') };
  }
  let pending = inFlight.get(core);
  if (!pending) {
    pending = new Map();
    inFlight.set(core, pending);
  }
  const running = pending.get(name);
  if (running) return running;
  const map = pending;
  const creation = core.logs
    .createTopic(name, core.settings.defaultPartitions)
    .then(
      (topic): TopicLookup => {
        core.log.info('auto-created topic', { topic: name, partitions: topic.partitions });
        return { topic, errorCode: 0 };
      },
      (err: unknown): TopicLookup => {
        const again = core.logs.topic(name);
        if (again) return { topic: again, errorCode: 0 };
        if (err instanceof KafkaProtocolError) return { topic: undefined, errorCode: err.code };
        core.log.error('auto-creating topic failed', { topic: name, error: (err as Error).message });
        return { topic: undefined, errorCode: errorCode('UNKNOWN_SERVER_ERROR') };
      },
    )
    .finally(() => map.delete(name));
  map.set(name, creation);
  return creation;
}
