// The drain wizard's pure logic: its steps, validation of the form, the API body, and the words that tell
// the operator what to run. No React (drain-steps.test.ts).
import type { DrainRequest, JobState } from '@/lib/client/jobs-types';

export const FACTOR = { min: 2, max: 100, default: 10 } as const;
export const MAX_RATE = 1_000_000;

export type WizardStep = 'plan' | 'confirm' | 'progress' | 'restore' | 'done';

export const WIZARD_STEPS: readonly { id: WizardStep; label: string }[] = [
  { id: 'plan', label: 'Plan' },
  { id: 'confirm', label: 'Confirm' },
  { id: 'progress', label: 'Live progress' },
  { id: 'restore', label: 'Restore' },
  { id: 'done', label: 'Done' },
];

/** Where a started job puts the wizard: the job's state decides (a reload lands on the right step). */
export function stepOfJob(state: JobState, desiredState?: string): WizardStep {
  switch (state) {
    case 'planned':
    case 'running':
    case 'paused':
      return desiredState === 'restore' ? 'restore' : 'progress';
    case 'restoring':
      return 'restore';
    default:
      return 'done';
  }
}

export type StepStatus = 'done' | 'current' | 'todo';

export function stepStatus(step: WizardStep, current: WizardStep): StepStatus {
  const i = WIZARD_STEPS.findIndex((s) => s.id === step);
  const c = WIZARD_STEPS.findIndex((s) => s.id === current);
  if (i < c) return 'done';
  return i === c ? 'current' : 'todo';
}

/** What the drain works on: a Kafka group (with one of its topics) or a RabbitMQ queue. */
export type DrainSource =
  | { kind: 'kafka'; cluster: string; group: string; topics: readonly string[] }
  | { kind: 'rabbitmq'; cluster: string; vhost: string; queue: string };

export type KeyKind = 'header' | 'messageId' | 'routingKey';

/** The wizard's form, as typed (strings where the operator types). */
export interface DrainForm {
  topic: string;
  factor: string;
  /** Empty = unlimited. */
  rate: string;
  force: boolean;
  keyKind: KeyKind;
  headerName: string;
}

export function initialForm(source: DrainSource): DrainForm {
  return {
    topic: source.kind === 'kafka' && source.topics.length === 1 ? (source.topics[0] ?? '') : '',
    factor: String(FACTOR.default),
    rate: '',
    force: false,
    keyKind: 'header',
    headerName: '',
  };
}

/** The RabbitMQ hash key as the API takes it: `header:<name>`, `messageId` or `routingKey`. */
export function keySpec(form: Pick<DrainForm, 'keyKind' | 'headerName'>): string {
  return form.keyKind === 'header' ? `header:${form.headerName.trim()}` : form.keyKind;
}

export type FormResult =
  | { ok: true; body: DrainRequest }
  | { ok: false; errors: Partial<Record<FormField, string>> };
export type FormField = 'topic' | 'factor' | 'rate' | 'key';

const INTEGER = /^\d+$/;

/** Validates the form and builds the API body; one message per wrong field. */
export function buildRequest(source: DrainSource, form: DrainForm): FormResult {
  const errors: Partial<Record<FormField, string>> = {};
  const factorText = form.factor.trim();
  const factor = Number(factorText);
  if (!INTEGER.test(factorText) || factor < FACTOR.min || factor > FACTOR.max) {
    errors.factor = `the factor must be a whole number from ${FACTOR.min} to ${FACTOR.max}`;
  }
  const rateText = form.rate.trim();
  let rateLimit: number | null = null;
  if (rateText !== '') {
    const rate = Number(rateText);
    if (!INTEGER.test(rateText) || rate < 1 || rate > MAX_RATE) {
      errors.rate = `the rate limit must be a whole number of messages/s from 1 to ${MAX_RATE.toLocaleString('en-US')}, or empty for unlimited`;
    } else rateLimit = rate;
  }
  if (source.kind === 'kafka') {
    if (!form.topic) errors.topic = 'choose the topic to drain';
    else if (!source.topics.includes(form.topic)) errors.topic = `the group does not consume ${form.topic}`;
  } else if (form.keyKind === 'header' && form.headerName.trim() === '') {
    errors.key = 'name the header whose value keeps messages in order (e.g. orderId)';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const common = { cluster: source.cluster, factor, force: form.force, rateLimit };
  const body: DrainRequest =
    source.kind === 'kafka'
      ? { ...common, topic: form.topic, group: source.group }
      : { ...common, vhost: source.vhost, queue: source.queue, key: keySpec(form) };
  return { ok: true, body };
}

/** The parameter of a rate change typed by the operator: a positive integer, or empty for unlimited. */
export function parseRate(text: string): { ok: true; rate: number | null } | { ok: false; error: string } {
  const t = text.trim();
  if (t === '') return { ok: true, rate: null };
  const n = Number(t);
  if (!INTEGER.test(t) || n < 1 || n > MAX_RATE) {
    return {
      ok: false,
      error: `a whole number of messages/s from 1 to ${MAX_RATE.toLocaleString('en-US')}, or empty for unlimited`,
    };
  }
  return { ok: true, rate: n };
}

/** The job id inside a plan's names: the dry run names them with a placeholder (`j-<id>`). */
export function withJobId(name: string, jobId: string | null): string {
  return jobId ? name.replace('j-<id>', jobId) : name;
}

/** How to run the workers: who consumes what, with which group (Kafka) or which queue each (RabbitMQ). */
export function workerInstructions(
  p:
    | { kind: 'kafka'; tempTopic: string; tempGroup: string; tempPartitions: number; bootstrap?: string }
    | { kind: 'rabbitmq'; tempQueues: readonly string[]; vhost: string },
): string[] {
  if (p.kind === 'kafka') {
    return [
      `Start up to ${p.tempPartitions} consumers (one per temp partition) of topic ${p.tempTopic} with group id ${p.tempGroup}.`,
      'Use the same handler as the original consumers: keys keep their order, one key always lands on the same temp partition.',
      'Commit offsets as usual; Spillway counts the group members as workers and shows their lag on the temp topic.',
      'When the dispatcher has copied the backlog, restore: Spillway waits for the workers to reach lag 0, moves the original group to the cut-over offsets and deletes the temp topic.',
    ];
  }
  return [
    `Start one consumer on each of the ${p.tempQueues.length} temp queues in vhost ${p.vhost} (one per queue keeps each key in order).`,
    'Ack after processing, as the original consumers do; Spillway shows the consumers and what the temp queues still hold.',
    'Restore stops the dispatcher, waits until every temp queue is empty with nothing unacked, then deletes them.',
  ];
}
