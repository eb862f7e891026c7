// RabbitMQ queue rules: Burrow's ideas carried over to a queue, where the "commit" is a message leaving
// the queue. Evaluated in this order over a window of queue samples (see rabbitmq.ts):
//   Q0 backlog ≤ allowance                       → OK
//   Q1 backlog and no consumer at all            → STOP   (nobody is consuming; cf. Rule 3)
//   Q2 backlog ≤ allowance somewhere in window   → OK     (just caught up; cf. Rule 1)
//   Q3 consumers attached but nothing leaves     → STALL  (out-rate known to be 0; cf. Rule 4)
//   Q4 backlog never decreases over the window   → WARN   (consumers slower than publishers; cf. Rule 5)
//   otherwise                                    → OK
// REWIND has no queue equivalent (a requeue does not move a position backwards). ERR is not produced per
// queue; it appears only in Burrow-style group roll-ups.

/** One observation of a queue, kept in its status window. */
export interface QueueSample {
  /** Observation time, epoch ms. */
  t: number;
  /** ready + unacked. */
  messages: number;
  consumers: number;
}

/** Q0: the backlog is within the allowance. */
export function queueBacklogWithinAllowance(messages: number, allowedBacklog: number): boolean {
  return messages <= allowedBacklog;
}

/** Q1: no consumer is attached (only meaningful once Q0 found a backlog). */
export function queueHasNoConsumers(consumers: number): boolean {
  return consumers <= 0;
}

/** Q2: some sample in the window had a backlog within the allowance. */
export function queueEverWithinAllowance(samples: readonly QueueSample[], allowedBacklog: number): boolean {
  return samples.some((s) => s.messages <= allowedBacklog);
}

/**
 * Q3: consumers are attached but the out-rate (acks for manual-ack consumers, deliveries otherwise) is
 * known to be 0: e.g. every consumer holds its prefetch of unacked messages and never acks. An unknown rate
 * is no evidence: false.
 */
export function queueStalled(outRate: number | null): boolean {
  return outRate !== null && outRate <= 0;
}

/** Q4: ≥ 2 samples and the backlog never went down from one sample to the next. */
export function queueBacklogNotDecreasing(samples: readonly QueueSample[]): boolean {
  if (samples.length < 2) return false;
  for (let i = 1; i < samples.length; i++) {
    if ((samples[i] as QueueSample).messages < (samples[i - 1] as QueueSample).messages) return false;
  }
  return true;
}
