'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { jobActions } from '@/lib/client/jobs';
import type { JobSummary } from '@/lib/client/jobs-types';
import { RequireRole } from '../auth/require-role';
import { parseRate } from '../recovery/drain-steps';
import { formatRateLimit, jobControls } from './job-format';

type Action = 'pause' | 'resume' | 'cancel' | 'restore';

/**
 * Pause, resume, cancel (confirmed), restore (confirmed, drains only) and a live rate limit, as the job's
 * kind and state allow. Operators only; the server refuses the rest anyway. `restoreHelp` says what the
 * restore will do (the cut-over and the temp topic or queues).
 */
export function JobControls({ job, restoreHelp }: { job: JobSummary; restoreHelp?: ReactNode }) {
  return (
    <RequireRole
      atLeast="operator"
      fallback={
        <p className="small muted" data-testid="job-controls-viewer">
          Operators can pause, resume, cancel and restore jobs.
        </p>
      }
    >
      <Controls job={job} restoreHelp={restoreHelp} />
    </RequireRole>
  );
}

function Controls({ job, restoreHelp }: { job: JobSummary; restoreHelp?: ReactNode }) {
  const client = useQueryClient();
  const [confirming, setConfirming] = useState<'cancel' | 'restore' | null>(null);
  const [rateText, setRateText] = useState('');
  const [rateError, setRateError] = useState<string | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: ['jobs'] });
  const control = useMutation({
    mutationFn: (action: Action) => jobActions.control(job.id, action),
    onSuccess: () => {
      setConfirming(null);
      refresh();
    },
  });
  const rate = useMutation({
    mutationFn: (r: number | null) => jobActions.rate(job.id, r),
    onSuccess: () => {
      setRateText('');
      refresh();
    },
  });
  const allowed = jobControls(job);
  if (allowed.length === 0) return null;
  const busy = control.isPending || rate.isPending;
  const onRate = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseRate(rateText);
    if (!parsed.ok) {
      setRateError(parsed.error);
      return;
    }
    setRateError(null);
    rate.mutate(parsed.rate);
  };
  const error = control.error ?? rate.error;
  return (
    <div className="stack-s" data-testid="job-controls">
      <div className="row gap">
        {allowed.includes('pause') ? (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => control.mutate('pause')}
            data-testid="job-pause"
          >
            Pause
          </button>
        ) : null}
        {allowed.includes('resume') ? (
          <button
            type="button"
            className="button primary"
            disabled={busy}
            onClick={() => control.mutate('resume')}
            data-testid="job-resume"
          >
            Resume
          </button>
        ) : null}
        {allowed.includes('restore') ? (
          <button
            type="button"
            className="button primary"
            disabled={busy || confirming === 'restore'}
            onClick={() => setConfirming('restore')}
            data-testid="job-restore"
          >
            Restore…
          </button>
        ) : null}
        {allowed.includes('cancel') ? (
          <button
            type="button"
            className="button danger"
            disabled={busy || confirming === 'cancel'}
            onClick={() => setConfirming('cancel')}
            data-testid="job-cancel"
          >
            Cancel job…
          </button>
        ) : null}
        {allowed.includes('rate') ? (
          <form className="row gap-s" onSubmit={onRate} aria-label="Change the rate limit">
            <label className="small" htmlFor={`rate-${job.id}`}>
              Rate limit (now {formatRateLimit(job.rateLimit)})
            </label>
            <input
              id={`rate-${job.id}`}
              className="input"
              inputMode="numeric"
              placeholder="msg/s, empty = unlimited"
              value={rateText}
              onChange={(e) => setRateText(e.target.value)}
              style={{ width: '12rem' }}
              data-testid="job-rate-input"
            />
            <button type="submit" className="button small" disabled={busy} data-testid="job-rate-apply">
              Apply
            </button>
          </form>
        ) : null}
      </div>
      {rateError ? (
        <p className="text-err small" role="alert" data-testid="job-rate-error">
          {rateError}
        </p>
      ) : null}
      {confirming === 'restore' ? (
        <div
          className="banner warn stack-s"
          role="dialog"
          aria-label="Confirm the restore"
          data-testid="job-restore-confirm"
        >
          <strong>Restore the original layout?</strong>
          {restoreHelp ?? (
            <p className="small">The dispatcher stops; the job then finishes its restore steps.</p>
          )}
          <div className="row gap">
            <button
              type="button"
              className="button primary"
              disabled={busy}
              onClick={() => control.mutate('restore')}
              data-testid="job-restore-yes"
            >
              Restore now
            </button>
            <button type="button" className="button" onClick={() => setConfirming(null)}>
              Not now
            </button>
          </div>
        </div>
      ) : null}
      {confirming === 'cancel' ? (
        <div
          className="banner warn stack-s"
          role="dialog"
          aria-label="Confirm the cancel"
          data-testid="job-cancel-confirm"
        >
          <strong>Cancel job {job.id}?</strong>
          <p className="small">
            The job stops at its last checkpoint and cannot be resumed. Nothing acknowledged is lost: what was
            already copied stays where it is. A drain keeps its temp topic (its temp queues while they hold
            messages) and does not move the original group's offsets, so the original consumers would read the
            backlog again from where they stopped; restore instead to hand over cleanly.
          </p>
          <div className="row gap">
            <button
              type="button"
              className="button danger"
              disabled={busy}
              onClick={() => control.mutate('cancel')}
              data-testid="job-cancel-yes"
            >
              Cancel the job
            </button>
            <button type="button" className="button" onClick={() => setConfirming(null)}>
              Keep it running
            </button>
          </div>
        </div>
      ) : null}
      {error ? (
        <p className="text-err small" role="alert" data-testid="job-action-error">
          {error.message}
        </p>
      ) : null}
    </div>
  );
}
