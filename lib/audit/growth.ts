// "No consumers on a growing queue" needs two observations. The rule, precisely:
//
//   Two exact observations of the queue (AMQP passive declare), `first` then `second`, at least
//   `minIntervalMs` apart; the queue is growing without consumers when
//     first.consumers = 0 and second.consumers = 0, and
//     first.ready > 0 and second.ready > first.ready.
//
// A queue that holds a static backlog (ready unchanged), that shrank, or that had a consumer at either
// observation is not flagged; one observation alone never flags anything.

export interface QueueObservation {
  /** Epoch ms the observation was answered. */
  at: number;
  ready: number;
  consumers: number;
}

export interface QueueGrowth {
  vhost: string;
  name: string;
  first: QueueObservation;
  second: QueueObservation;
}

export function isGrowingWithoutConsumers(g: QueueGrowth, minIntervalMs: number): boolean {
  const { first, second } = g;
  return (
    second.at - first.at >= minIntervalMs &&
    first.consumers === 0 &&
    second.consumers === 0 &&
    first.ready > 0 &&
    second.ready > first.ready
  );
}
