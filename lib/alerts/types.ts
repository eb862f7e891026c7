import type { Status } from '../lag/types';

/**
 * A change of status of a consumer group or a queue, as the sampler observes it. The sampler emits one
 * per entity whose status changed in a round; alerting decides which ones to record and send.
 */
export interface StatusTransition {
  cluster: string;
  kind: 'group' | 'queue';
  /** Group id, or `<vhost>/<queue>` for RabbitMQ. */
  entity: string;
  /** null the first time the entity is seen. */
  from: Status | null;
  to: Status;
  /** Epoch ms of the sample that showed the new status. */
  at: number;
  /** Backlog in messages at that moment, null when unknown. */
  lag: number | null;
  lagSeconds: number | null;
}

/** Where the sampler hands its transitions; implemented by lib/alerts. Must never block or throw. */
export interface TransitionSink {
  onTransitions(transitions: readonly StatusTransition[]): void;
}
