'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import {
  offsetActions,
  offsetQueries,
  type ResetMode,
  type ResetPlanResponse,
  resetTarget,
  type UndoPlanResponse,
} from '@/lib/client/jobs-offsets';
import { pages } from '@/lib/client/paths';
import { queries } from '@/lib/client/queries';
import { RequireRole } from '../auth/require-role';
import { formatCount } from '../lag/format';
import { PageHeader } from '../ui/breadcrumbs';
import { EmptyState } from '../ui/empty-state';
import { QueryGate } from '../ui/query-gate';

const MODES: { id: ResetMode; label: string }[] = [
  { id: 'earliest', label: 'Earliest' },
  { id: 'latest', label: 'Latest' },
  { id: 'time', label: 'A time' },
  { id: 'offset', label: 'An offset' },
];

const FIELD = { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: '4px' } as const;

/** Reset a group's offsets on one topic (dry run, then confirmed) and undo earlier resets from snapshots. */
export function OffsetResetPage({ cluster, group }: { cluster: string; group: string }) {
  return (
    <div className="stack">
      <PageHeader
        crumbs={[
          { label: 'Overview', href: pages.overview() },
          { label: cluster, href: pages.cluster(cluster) },
          { label: group, href: pages.group(cluster, group) },
          { label: 'Reset offsets' },
        ]}
        title={`Reset offsets of ${group}`}
      />
      <RequireRole
        atLeast="operator"
        fallback={
          <EmptyState title="Resetting offsets needs the operator role" testId="reset-viewer">
            <p>
              Back to the <Link href={pages.group(cluster, group)}>group page</Link>.
            </p>
          </EmptyState>
        }
      >
        <ResetForm cluster={cluster} group={group} />
        <Snapshots cluster={cluster} group={group} />
      </RequireRole>
    </div>
  );
}

function ResetForm({ cluster, group }: { cluster: string; group: string }) {
  const client = useQueryClient();
  const detail = useQuery(queries.group(cluster, group, '15m'));
  const topics = detail.data?.group.topics ?? [];
  const [topic, setTopic] = useState('');
  const [mode, setMode] = useState<ResetMode>('earliest');
  const [value, setValue] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [plan, setPlan] = useState<ResetPlanResponse | null>(null);
  const chosen = topic || (topics.length === 1 ? (topics[0] ?? '') : '');
  const dry = useMutation({
    mutationFn: (to: string) => offsetActions.reset({ cluster, group, topic: chosen, to, dryRun: true }),
    onSuccess: setPlan,
  });
  const apply = useMutation({
    mutationFn: (to: string) => offsetActions.reset({ cluster, group, topic: chosen, to, dryRun: false }),
    onSuccess: (r) => {
      setPlan(r);
      void client.invalidateQueries({ queryKey: ['offsets', cluster, group] });
      void client.invalidateQueries({ queryKey: ['clusters', cluster, 'groups', group] });
    },
  });
  const changed = () => {
    setPlan(null);
    dry.reset();
    apply.reset();
  };
  const onDryRun = () => {
    if (!chosen) {
      setFormError('choose the topic');
      return;
    }
    const t = resetTarget(mode, value);
    if (!t.ok) {
      setFormError(t.error);
      return;
    }
    setFormError(null);
    dry.mutate(t.to);
  };
  const error = dry.error ?? apply.error;
  return (
    <section className="card stack-s" aria-labelledby="reset-heading" data-testid="offset-reset">
      <h2 id="reset-heading" style={{ margin: 0 }}>
        Reset (dry run first)
      </h2>
      <p className="small muted">
        The group must have no active members. Spillway stores the current offsets first, so the reset can be
        undone below.
      </p>
      <label style={FIELD}>
        <span>Topic</span>
        <select
          className="input"
          value={chosen}
          onChange={(e) => {
            setTopic(e.target.value);
            changed();
          }}
          data-testid="reset-topic"
        >
          {topics.length !== 1 ? <option value="">Choose a topic the group consumes…</option> : null}
          {topics.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <div style={FIELD}>
        <span>Move to</span>
        <div className="row gap" role="radiogroup" aria-label="Reset to">
          {MODES.map((m) => (
            <label key={m.id} className="row gap-s">
              <input
                type="radio"
                name="reset-mode"
                checked={mode === m.id}
                onChange={() => {
                  setMode(m.id);
                  changed();
                }}
                data-testid={`reset-mode-${m.id}`}
              />
              {m.label}
            </label>
          ))}
        </div>
        {mode === 'time' || mode === 'offset' ? (
          <input
            className="input"
            type={mode === 'time' ? 'datetime-local' : 'text'}
            step={mode === 'time' ? 1 : undefined}
            inputMode={mode === 'offset' ? 'numeric' : undefined}
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              changed();
            }}
            data-testid="reset-value"
          />
        ) : null}
      </div>
      {formError ? (
        <p className="text-err small" role="alert" data-testid="reset-form-error">
          {formError}
        </p>
      ) : null}
      <div className="row gap">
        <button
          type="button"
          className="button"
          onClick={onDryRun}
          disabled={dry.isPending}
          data-testid="reset-dry-run"
        >
          {dry.isPending ? 'Planning…' : 'Dry run'}
        </button>
      </div>
      {error ? (
        <p className="banner error" role="alert" data-testid="reset-error">
          {error.message}
        </p>
      ) : null}
      {plan ? <ResetPlanView plan={plan} /> : null}
      {plan?.dryRun ? (
        <div className="banner warn stack-s" data-testid="reset-confirm">
          <strong>
            Move group {plan.group} on {plan.topic} to {plan.to}: {formatCount(plan.reconsume)} messages read
            again, {formatCount(plan.skip)} skipped.
          </strong>
          <div className="row gap">
            <button
              type="button"
              className="button primary"
              disabled={apply.isPending}
              onClick={() => apply.mutate(plan.to)}
              data-testid="reset-apply"
            >
              {apply.isPending ? 'Resetting…' : 'Reset the offsets'}
            </button>
            <button type="button" className="button" onClick={changed}>
              Cancel
            </button>
          </div>
        </div>
      ) : plan?.snapshotId ? (
        <p className="banner info" data-testid="reset-done">
          Reset done. Undo snapshot <code>{plan.snapshotId}</code> (listed below).
        </p>
      ) : null}
    </section>
  );
}

function ResetPlanView({ plan }: { plan: ResetPlanResponse }) {
  return (
    <table className="simple-table" data-testid="reset-plan">
      <caption className="small muted" style={{ textAlign: 'left' }}>
        Group state: {plan.groupState}
      </caption>
      <thead>
        <tr>
          <th scope="col">Partition</th>
          <th scope="col" className="num">
            Log start – end
          </th>
          <th scope="col" className="num">
            Committed now
          </th>
          <th scope="col" className="num">
            Target
          </th>
          <th scope="col" className="num">
            Read again
          </th>
          <th scope="col" className="num">
            Skipped
          </th>
        </tr>
      </thead>
      <tbody>
        {plan.partitions.map((p) => (
          <tr key={p.partition} data-testid={`reset-partition-${p.partition}`}>
            <td>{p.partition}</td>
            <td className="num">
              {formatCount(p.logStart)} – {formatCount(p.end)}
            </td>
            <td className="num">{p.current === null ? 'no commit' : formatCount(p.current)}</td>
            <td className="num">{formatCount(p.target)}</td>
            <td className="num">{formatCount(p.reconsume)}</td>
            <td className="num">{formatCount(p.skip)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Snapshots({ cluster, group }: { cluster: string; group: string }) {
  const snapshots = useQuery(offsetQueries.snapshots(cluster, group));
  return (
    <section className="stack-s" aria-labelledby="snapshots-heading">
      <h2 id="snapshots-heading">Earlier resets (undo)</h2>
      <QueryGate query={snapshots} what="the undo snapshots" testId="reset-snapshots">
        {(d) =>
          d.snapshots.length === 0 ? (
            <p className="muted small" data-testid="reset-no-snapshots">
              No resets of this group yet.
            </p>
          ) : (
            <ul className="plain stack-s" data-testid="reset-snapshots">
              {d.snapshots.map((s) => (
                <li key={s.id} className="card stack-s" data-testid={`snapshot-${s.id}`}>
                  <div className="row gap small">
                    <code>{s.id}</code>
                    <span>
                      {s.topic} → {s.target} by {s.actor}, {new Date(s.createdAt).toLocaleString()}
                    </span>
                    {s.undoneAt ? (
                      <span className="muted">
                        undone {new Date(s.undoneAt).toLocaleString()}
                        {s.undoneBy ? ` by ${s.undoneBy}` : ''}
                      </span>
                    ) : null}
                  </div>
                  <Undo cluster={cluster} id={s.id} />
                </li>
              ))}
            </ul>
          )
        }
      </QueryGate>
    </section>
  );
}

function Undo({ cluster, id }: { cluster: string; id: string }) {
  const client = useQueryClient();
  const [plan, setPlan] = useState<UndoPlanResponse | null>(null);
  const undo = useMutation({
    mutationFn: (dryRun: boolean) => offsetActions.undo({ cluster, id, dryRun }),
    onSuccess: (r) => {
      setPlan(r);
      if (!r.dryRun) void client.invalidateQueries({ queryKey: ['offsets', cluster] });
    },
  });
  return (
    <div className="stack-s">
      {plan?.dryRun ? (
        <div className="banner warn stack-s" data-testid={`undo-confirm-${id}`}>
          <strong>Put the offsets back as they were before this reset?</strong>
          <ul className="small">
            {plan.partitions.map((p) => (
              <li key={p.partition}>
                partition {p.partition}: {p.current === null ? 'no commit' : formatCount(p.current)} →{' '}
                {p.restore === null ? 'no commit (left as is)' : formatCount(p.restore)}
              </li>
            ))}
          </ul>
          <div className="row gap">
            <button
              type="button"
              className="button primary"
              disabled={undo.isPending}
              onClick={() => undo.mutate(false)}
              data-testid={`undo-apply-${id}`}
            >
              Undo the reset
            </button>
            <button type="button" className="button" onClick={() => setPlan(null)}>
              Keep
            </button>
          </div>
        </div>
      ) : plan ? (
        <p className="small text-ok" data-testid={`undo-done-${id}`}>
          Offsets restored.
        </p>
      ) : (
        <div className="row gap">
          <button
            type="button"
            className="button small"
            disabled={undo.isPending}
            onClick={() => undo.mutate(true)}
            data-testid={`undo-${id}`}
          >
            Undo…
          </button>
        </div>
      )}
      {undo.error ? (
        <p className="text-err small" role="alert">
          {undo.error.message}
        </p>
      ) : null}
    </div>
  );
}
