/** Command-line options of bench/broker.ts. */
import { parseArgs } from 'node:util';

export const SCENARIOS = ['kafkajs', 'consume', 'kcat', 'latency', 'startup', 'rss'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface BenchOptions {
  messages: number;
  kcatMessages: number;
  only: Set<Scenario>;
  fsync: string[];
  partitions: number;
  batch: number;
  valueBytes: number;
  concurrency: number;
  repeat: number;
  /** Offered load of the latency scenario in msgs/s; 0 = half the lowest kafkajs peak measured. */
  rate: number;
  latencySeconds: number;
  startupRuns: number;
  profileDir: string | null;
  /** `shared`: the test Kafka of scripts/kafka.sh; `private`: one started (and removed) by the bench. */
  kafka: 'shared' | 'private';
  /** Another build of bin/spillway.js, run as extra `candidate` brokers for an A/B comparison. */
  candidate: string | null;
  json: string | null;
}

export const USAGE = `usage: npx tsx bench/broker.ts [options]   (or: bash bench/run.sh [options])
  --messages N          messages per kafkajs run (default 1000000)
  --kcat-messages N     messages kcat produces (default: --messages)
  --only LIST           comma list of ${SCENARIOS.join(',')} (default: all)
  --fsync LIST          Spillway fsync policies to run, each its own broker process (default: group,never)
  --partitions N        partitions of every bench topic (default 4)
  --concurrency N       kafkajs sends in flight (default 8)
  --repeat N            rounds of kafkajs, consume, kcat and latency; median reported (default 3)
  --rate N              latency scenario load in msgs/s (default: half the lowest kafkajs peak)
  --latency-seconds N   recorded seconds per latency run (default 15, plus 2 s warm-up)
  --startup-runs N      Spillway start-up runs, median reported (default 3; Kafka runs once)
  --profile DIR         run the Spillway brokers under node --cpu-prof, profiles written to DIR
  --kafka shared|private  the test Kafka of scripts/kafka.sh (default), or a private one for this run
  --candidate FILE      also run this build of bin/spillway.js (e.g. a patched copy of the tree), per policy
  --json FILE           also write every raw result as JSON`;

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`--${name}: expected a positive integer, got "${value}"`);
  return n;
}

function kafkaMode(value: string | undefined): 'shared' | 'private' {
  if (value === undefined || value === 'shared' || value === 'private') return value ?? 'shared';
  throw new Error(`--kafka: expected shared or private, got "${value}"`);
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      messages: { type: 'string' },
      'kcat-messages': { type: 'string' },
      only: { type: 'string' },
      fsync: { type: 'string' },
      partitions: { type: 'string' },
      concurrency: { type: 'string' },
      repeat: { type: 'string' },
      rate: { type: 'string' },
      'latency-seconds': { type: 'string' },
      'startup-runs': { type: 'string' },
      profile: { type: 'string' },
      candidate: { type: 'string' },
      kafka: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const only = new Set<Scenario>();
  for (const name of (values.only ?? SCENARIOS.join(',')).split(',')) {
    const s = name.trim() as Scenario;
    if (!SCENARIOS.includes(s))
      throw new Error(`--only: unknown scenario "${name}" (${SCENARIOS.join(', ')})`);
    only.add(s);
  }
  const messages = positive('messages', values.messages, 1_000_000);
  return {
    messages,
    kcatMessages: positive('kcat-messages', values['kcat-messages'], messages),
    only,
    fsync: (values.fsync ?? 'group,never').split(',').map((s) => s.trim()),
    partitions: positive('partitions', values.partitions, 4),
    batch: 100,
    valueBytes: 100,
    concurrency: positive('concurrency', values.concurrency, 8),
    repeat: positive('repeat', values.repeat, 3),
    rate: values.rate === undefined ? 0 : positive('rate', values.rate, 0),
    latencySeconds: positive('latency-seconds', values['latency-seconds'], 15),
    startupRuns: positive('startup-runs', values['startup-runs'], 3),
    profileDir: values.profile ?? null,
    candidate: values.candidate ?? null,
    kafka: kafkaMode(values.kafka),
    json: values.json ?? null,
  };
}
