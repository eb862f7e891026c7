// The two observations behind the growth rule (growth.ts): exact AMQP passive declares, not the
// management statistics (those lag by several seconds and would mistake a catching-up counter for growth).
import { settleLimit } from '../sources/async';
import type { RabbitmqQueueCheck, RabbitmqSnapshot, RabbitmqSource, SourceIssue } from '../sources/types';
import { AUDIT_DEFAULTS } from './defaults';
import type { QueueGrowth, QueueObservation } from './growth';

export interface ObserveDeps {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

type Probe = Pick<RabbitmqSource, 'checkQueue'>;
type Candidate = { vhost: string; name: string };

async function probeAll(
  source: Probe,
  queues: readonly Candidate[],
  deps: ObserveDeps,
  issues: SourceIssue[],
): Promise<Map<string, QueueObservation>> {
  const results = await settleLimit(queues, AUDIT_DEFAULTS.probeConcurrency, async (q) => {
    const check: RabbitmqQueueCheck = await source.checkQueue(q.vhost, q.name);
    return { check, at: deps.now() };
  });
  const out = new Map<string, QueueObservation>();
  results.forEach((r, i) => {
    const q = queues[i] as Candidate;
    if (!r.ok) {
      issues.push({
        scope: `growth:${q.vhost}/${q.name}`,
        message: String((r.error as Error)?.message ?? r.error),
      });
      return;
    }
    const { check, at } = r.value;
    if (!check.exists || check.ready === null || check.consumers === null) return;
    out.set(`${q.vhost}/${q.name}`, { at, ready: check.ready, consumers: check.consumers });
  });
  return out;
}

/**
 * Observes, twice and `observeMs` apart, every queue the snapshot shows without consumers (exclusive queues
 * and streams aside), most ready messages first, at most AUDIT_DEFAULTS.maxGrowthCandidates of them. Only
 * queues with ready messages and no consumer at the first observation are observed again.
 */
export async function observeGrowth(
  source: Probe,
  snap: RabbitmqSnapshot,
  observeMs: number,
  deps: ObserveDeps,
): Promise<{ growth: QueueGrowth[]; issues: SourceIssue[] }> {
  const issues: SourceIssue[] = [];
  if (observeMs <= 0) return { growth: [], issues };
  const all = snap.queues
    .filter((q) => !q.exclusive && q.type !== 'stream' && !q.consumers && q.ready !== 0)
    .sort((a, b) => (b.ready ?? 0) - (a.ready ?? 0));
  const max = AUDIT_DEFAULTS.maxGrowthCandidates;
  if (all.length > max) {
    issues.push({
      scope: 'growth',
      message: `${all.length} queues without consumers; only the ${max} fullest observed`,
    });
  }
  const candidates = all.slice(0, max).map((q) => ({ vhost: q.vhost, name: q.name }));
  const first = await probeAll(source, candidates, deps, issues);
  const again = candidates.filter((q) => {
    const o = first.get(`${q.vhost}/${q.name}`);
    return o !== undefined && o.ready > 0 && o.consumers === 0;
  });
  if (again.length === 0) return { growth: [], issues };
  const lastFirst = Math.max(...again.map((q) => first.get(`${q.vhost}/${q.name}`)?.at ?? 0));
  await deps.sleep(Math.max(0, lastFirst + observeMs - deps.now()));
  const second = await probeAll(source, again, deps, issues);
  const growth = again.flatMap((q) => {
    const key = `${q.vhost}/${q.name}`;
    const a = first.get(key);
    const b = second.get(key);
    return a && b ? [{ vhost: q.vhost, name: q.name, first: a, second: b }] : [];
  });
  return { growth, issues };
}
