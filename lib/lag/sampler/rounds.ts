// One round per cluster kind: read the source (batched: the Kafka source's sample() is one Metadata, two
// ListOffsets per leader and one OffsetFetch per group; RabbitMQ is a few paged management requests),
// feed the state, store the rows, hand the transitions on.
import { withDeadline } from '../../sources/async';
import type { KafkaSource, RabbitmqSource } from '../../sources/types';
import { countStatuses, errorLine, type RoundFn } from './cluster-loop';
import type { KafkaClusterState } from './kafka-state';
import type { SamplerSettings } from './options';
import type { LagPersistence } from './persist';
import type { RabbitmqClusterState } from './rabbitmq-state';
import type { TransitionBus } from './transitions';

export interface RoundDeps {
  settings: SamplerSettings;
  persistence: LagPersistence | null;
  bus: TransitionBus;
}

/** Below this much time left in the round, exact timestamps are skipped for the round. */
const MIN_TIMESTAMP_BUDGET_MS = 100;

export function kafkaRound(source: KafkaSource, state: KafkaClusterState, deps: RoundDeps): RoundFn {
  const { settings } = deps;
  return async () => {
    const started = Date.now();
    const sample = await source.sample();
    const issues = [...sample.issues];
    const wants = state.observePartitions(sample);
    const positions = state.timestamps.select(wants, settings.exactTimestampsPerRound, sample.takenAt);
    // Leave a tenth of the round for the maths and the store.
    const budget = settings.roundTimeoutMs * 0.9 - (Date.now() - started);
    if (positions.length > 0 && budget >= MIN_TIMESTAMP_BUDGET_MS) {
      try {
        const found = await withDeadline(source.recordTimestamps(positions), budget);
        state.timestamps.store(found, sample.takenAt);
      } catch (error) {
        issues.push({ scope: 'record-timestamps', message: `${errorLine(error)} (time lag interpolated)` });
      }
    }
    const { transitions, record } = state.assessGroups(sample);
    deps.persistence?.writeKafka(state.cluster, record);
    deps.bus.onTransitions(transitions);
    return {
      issues,
      groups: record.groups.length,
      partitions: state.partitions.size,
      queues: 0,
      statusCounts: countStatuses(record.groups.map((d) => d.group.status)),
    };
  };
}

export function rabbitmqRound(source: RabbitmqSource, state: RabbitmqClusterState, deps: RoundDeps): RoundFn {
  return async () => {
    const snapshot = await source.snapshot();
    const { transitions, record } = state.ingest(snapshot);
    deps.persistence?.writeRabbitmq(state.cluster, record);
    deps.bus.onTransitions(transitions);
    return {
      issues: [...snapshot.issues],
      groups: 0,
      partitions: 0,
      queues: record.queues.length,
      statusCounts: countStatuses(record.queues.map((q) => q.status)),
    };
  };
}
