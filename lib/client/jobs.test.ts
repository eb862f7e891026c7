import { describe, expect, it } from 'vitest';
import { drainPage, drainSourceFromQuery, filterJobs, jobsForSource } from './jobs';
import type { JobSummary } from './jobs-types';

const job = (id: string, kind: string, state: JobSummary['state']): JobSummary => ({
  id,
  kind,
  state,
  desiredState: 'run',
  cluster: 'local',
  target: 't',
  sourceKey: `k-${id}`,
  createdBy: 'admin',
  createdAt: 0,
  updatedAt: 0,
  finishedAt: null,
  rateLimit: null,
  error: null,
  progress: { done: 0, total: null, fraction: null, rate: null, etaSeconds: null },
});

describe('drain wizard address', () => {
  it('round-trips a group and a queue (default vhost, names needing encoding)', () => {
    const g = { kind: 'kafka' as const, cluster: 'local', group: 'e2e group/ü' };
    const url = new URL(drainPage(g), 'http://x');
    expect(url.pathname).toBe('/jobs/drain');
    expect(drainSourceFromQuery(Object.fromEntries(url.searchParams))).toEqual({ source: g, jobId: null });
    const q = { kind: 'rabbitmq' as const, cluster: 'rmq', vhost: '/', queue: 'orders&co' };
    const qu = new URL(drainPage(q, 'j-12ab'), 'http://x');
    expect(drainSourceFromQuery(Object.fromEntries(qu.searchParams))).toEqual({ source: q, jobId: 'j-12ab' });
  });

  it('refuses parameters naming neither or both, or a strange job id', () => {
    expect(drainSourceFromQuery({ cluster: 'c' })).toBeNull();
    expect(drainSourceFromQuery({ cluster: 'c', group: 'g', queue: 'q' })).toBeNull();
    expect(drainSourceFromQuery({ group: 'g' })).toBeNull();
    expect(drainSourceFromQuery({ cluster: 'c', group: 'g', job: '../x' })).toBeNull();
    expect(drainSourceFromQuery({ cluster: ['c', 'd'], queue: 'q' })?.source).toEqual({
      kind: 'rabbitmq',
      cluster: 'c',
      vhost: '/',
      queue: 'q',
    });
  });
});

describe('jobs filter', () => {
  const jobs = [
    job('a', 'drain-kafka', 'running'),
    job('b', 'drain-kafka', 'completed'),
    job('c', 'replay-rabbitmq', 'paused'),
    job('d', 'replay-rabbitmq', 'failed'),
  ];
  it('by state, "active", kind, and both', () => {
    expect(filterJobs(jobs, {}).map((j) => j.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(filterJobs(jobs, { state: 'active' }).map((j) => j.id)).toEqual(['a', 'c']);
    expect(filterJobs(jobs, { state: 'failed' }).map((j) => j.id)).toEqual(['d']);
    expect(filterJobs(jobs, { kind: 'drain-kafka' }).map((j) => j.id)).toEqual(['a', 'b']);
    expect(filterJobs(jobs, { kind: 'replay-rabbitmq', state: 'active' }).map((j) => j.id)).toEqual(['c']);
  });
});

describe('jobs of a group or queue', () => {
  const withKey = (id: string, sourceKey: string) => ({ ...job(id, 'drain-kafka', 'running'), sourceKey });
  const jobs = [
    withKey('a', 'kafka:local/orders/billing'),
    withKey('b', 'kafka:local/orders/billing/eu'),
    withKey('c', 'kafka:other/orders/billing'),
    withKey('d', 'rabbitmq:rmq///jobs'),
    withKey('e', 'rabbitmq:rmq/v1/jobs'),
  ];
  it('matches the group after the topic, groups with slashes included', () => {
    expect(
      jobsForSource(jobs, { kind: 'group', cluster: 'local', group: 'billing' }).map((j) => j.id),
    ).toEqual(['a']);
    expect(
      jobsForSource(jobs, { kind: 'group', cluster: 'local', group: 'billing/eu' }).map((j) => j.id),
    ).toEqual(['b']);
  });
  it('matches a queue by vhost and name', () => {
    expect(
      jobsForSource(jobs, { kind: 'queue', cluster: 'rmq', vhost: '/', queue: 'jobs' }).map((j) => j.id),
    ).toEqual(['d']);
    expect(
      jobsForSource(jobs, { kind: 'queue', cluster: 'rmq', vhost: 'v1', queue: 'jobs' }).map((j) => j.id),
    ).toEqual(['e']);
  });
});
