// Time to drain a backlog: backlog / (out − in) when that is positive, 0 when empty, "not draining" otherwise.

export type EtaState =
  /** Nothing to drain: seconds = 0. */
  | 'empty'
  /** Out-rate exceeds in-rate: seconds = backlog / (out − in). */
  | 'draining'
  /** Out-rate does not exceed in-rate: the backlog does not shrink; seconds = null. */
  | 'not-draining'
  /** Backlog or a rate is unknown; seconds = null. */
  | 'unknown';

export interface Eta {
  /** Seconds until the backlog is consumed, ≥ 0 and finite; null unless state is 'empty' or 'draining'. */
  seconds: number | null;
  state: EtaState;
  /** out − in, per second; null when a rate is unknown. */
  netRatePerSecond: number | null;
}

export interface EtaInput {
  /** Messages waiting; null when unknown (e.g. no commit). */
  backlog: number | null;
  /** Arrival rate, per second. */
  inRate: number | null;
  /** Consumption rate, per second. */
  outRate: number | null;
}

/** Time to drain one backlog. */
export function drainEta({ backlog, inRate, outRate }: EtaInput): Eta {
  const net = inRate === null || outRate === null ? null : outRate - inRate;
  if (backlog === null || !Number.isFinite(backlog))
    return { seconds: null, state: 'unknown', netRatePerSecond: net };
  if (backlog <= 0) return { seconds: 0, state: 'empty', netRatePerSecond: net };
  if (net === null || !Number.isFinite(net))
    return { seconds: null, state: 'unknown', netRatePerSecond: net };
  const seconds = backlog / net;
  if (!(net > 0) || !Number.isFinite(seconds)) {
    return { seconds: null, state: 'not-draining', netRatePerSecond: net };
  }
  return { seconds, state: 'draining', netRatePerSecond: net };
}

/**
 * ETA of a group from its partitions' ETAs: the group has drained when its slowest partition has. Any
 * partition not draining makes the group not draining; otherwise any unknown makes it unknown; all empty is 0.
 * (Partitions are drained independently and in parallel, so summing backlogs over summed rates would let a
 * fast partition hide a stuck one.)
 */
export function slowestEta(etas: Iterable<Eta>): Eta {
  let slowest: Eta = { seconds: 0, state: 'empty', netRatePerSecond: null };
  let sawUnknown = false;
  let net: number | null = 0;
  for (const eta of etas) {
    net = net === null || eta.netRatePerSecond === null ? null : net + eta.netRatePerSecond;
    if (eta.state === 'not-draining') return { seconds: null, state: 'not-draining', netRatePerSecond: null };
    if (eta.state === 'unknown') sawUnknown = true;
    else if (eta.state === 'draining' && (eta.seconds ?? 0) > (slowest.seconds ?? 0)) slowest = eta;
  }
  if (sawUnknown) return { seconds: null, state: 'unknown', netRatePerSecond: null };
  return { seconds: slowest.seconds, state: slowest.state, netRatePerSecond: net };
}
