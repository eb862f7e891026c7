'use client';

import { formatCount } from '../lag/format';
import {
  type DrainForm,
  type DrainSource,
  FACTOR,
  type FormField,
  type KeyKind,
  stepStatus,
  WIZARD_STEPS,
  type WizardStep,
} from './drain-steps';

/** Plan → Confirm → Live progress → Restore → Done, with the current step marked. */
export function WizardSteps({ current }: { current: WizardStep }) {
  return (
    <ol
      className="row gap plain small"
      aria-label="Drain steps"
      data-testid="wizard-steps"
      data-step={current}
    >
      {WIZARD_STEPS.map((s, i) => {
        const status = stepStatus(s.id, current);
        return (
          <li
            key={s.id}
            className={`pill tone-${status === 'current' ? 'accent' : status === 'done' ? 'ok' : 'muted'}`}
            aria-current={status === 'current' ? 'step' : undefined}
            data-testid={`wizard-step-${s.id}`}
          >
            {i + 1}. {s.label}
            {status === 'done' ? ' ✓' : ''}
          </li>
        );
      })}
    </ol>
  );
}

/** A labelled field: the label above its input, the error under it. */
const FIELD = { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: '4px' } as const;

const KEY_KINDS: { id: KeyKind; label: string; help: string }[] = [
  { id: 'header', label: 'A header', help: 'the value of a message header, e.g. orderId' },
  { id: 'messageId', label: 'Message id', help: 'the message-id property' },
  { id: 'routingKey', label: 'Routing key', help: 'the routing key it was published with' },
];

export function DrainFormFields({
  source,
  form,
  onChange,
  errors,
  topicBacklog,
  activeMembers,
}: {
  source: DrainSource;
  form: DrainForm;
  onChange: (f: DrainForm) => void;
  errors: Partial<Record<FormField, string>>;
  /** Backlog per topic of the group, for the topic choice. */
  topicBacklog?: Map<string, number | null>;
  /** Members of the group (Kafka) or consumers of the queue now; null when unknown. */
  activeMembers: number | null;
}) {
  const set = (patch: Partial<DrainForm>) => onChange({ ...form, ...patch });
  const err = (f: FormField) =>
    errors[f] ? (
      <span className="text-err small" role="alert" data-testid={`drain-error-${f}`}>
        {errors[f]}
      </span>
    ) : null;
  return (
    <fieldset className="stack-s" style={{ border: 0, padding: 0, margin: 0 }} data-testid="drain-form">
      <legend className="visually-hidden">Drain settings</legend>
      {source.kind === 'kafka' ? (
        <label style={FIELD}>
          <span>Topic</span>
          <select
            className="input"
            value={form.topic}
            onChange={(e) => set({ topic: e.target.value })}
            data-testid="drain-topic"
          >
            {source.topics.length !== 1 ? <option value="">Choose a topic the group consumes…</option> : null}
            {source.topics.map((t) => {
              const lag = topicBacklog?.get(t);
              return (
                <option key={t} value={t}>
                  {t}
                  {lag !== undefined ? ` (backlog ${formatCount(lag)})` : ''}
                </option>
              );
            })}
          </select>
          {err('topic')}
        </label>
      ) : (
        <div style={FIELD}>
          <span>Key that keeps order (same key → same temp queue)</span>
          <div className="row gap" role="radiogroup" aria-label="Hash key">
            {KEY_KINDS.map((k) => (
              <label key={k.id} className="row gap-s" title={k.help}>
                <input
                  type="radio"
                  name="drain-key"
                  value={k.id}
                  checked={form.keyKind === k.id}
                  onChange={() => set({ keyKind: k.id })}
                  data-testid={`drain-key-${k.id}`}
                />
                {k.label}
              </label>
            ))}
          </div>
          {form.keyKind === 'header' ? (
            <label className="row gap-s">
              <span className="small">Header name</span>
              <input
                className="input"
                value={form.headerName}
                placeholder="orderId"
                onChange={(e) => set({ headerName: e.target.value })}
                data-testid="drain-header"
              />
            </label>
          ) : null}
          {err('key')}
        </div>
      )}
      <label style={FIELD}>
        <span>
          Factor — {source.kind === 'kafka' ? 'temp partitions per source partition' : 'temp queues'} (
          {FACTOR.min}–{FACTOR.max})
        </span>
        <input
          className="input"
          type="number"
          min={FACTOR.min}
          max={FACTOR.max}
          step={1}
          value={form.factor}
          onChange={(e) => set({ factor: e.target.value })}
          style={{ width: '8rem' }}
          data-testid="drain-factor"
        />
        {err('factor')}
      </label>
      <label style={FIELD}>
        <span>Rate limit, messages/s (optional — empty is unlimited; protects the downstream database)</span>
        <input
          className="input"
          inputMode="numeric"
          value={form.rate}
          placeholder="unlimited"
          onChange={(e) => set({ rate: e.target.value })}
          style={{ width: '12rem' }}
          data-testid="drain-rate"
        />
        {err('rate')}
      </label>
      <label className="row gap-s" data-testid="drain-force-label">
        <input
          type="checkbox"
          checked={form.force}
          onChange={(e) => set({ force: e.target.checked })}
          data-testid="drain-force"
        />
        <span>
          Force: start even with active{' '}
          {source.kind === 'kafka' ? 'members in the group' : 'consumers on the queue'}
        </span>
      </label>
      {activeMembers !== null && activeMembers > 0 ? (
        <p className="banner warn small" data-testid="drain-force-why">
          {source.kind === 'kafka'
            ? `The group has ${formatCount(activeMembers)} active member${activeMembers === 1 ? '' : 's'}. Stop its consumers first: while they run they consume the backlog a second time and move the offsets the restore sets. Force only if you accept that.`
            : `The queue has ${formatCount(activeMembers)} consumer${activeMembers === 1 ? '' : 's'}. While they run they compete with the dispatcher for messages, so some messages skip the temp queues and per-key order is not guaranteed. Force only if you accept that.`}
        </p>
      ) : null}
    </fieldset>
  );
}
