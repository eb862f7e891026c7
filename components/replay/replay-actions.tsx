'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { sendJson } from '@/lib/client/http';
import type { RabbitReplayResult } from './types';

interface Target {
  cluster: string;
  vhost: string;
  queue: string;
}

/** Capture on/off for a queue, and replay of its archive (dry run first, then start). */
export function ReplayActions({ target }: { target: Target }) {
  const client = useQueryClient();
  const [plan, setPlan] = useState<RabbitReplayResult | null>(null);
  const [again, setAgain] = useState(false);
  const [rate, setRate] = useState('');
  const capture = useMutation({
    mutationFn: (action: 'start' | 'stop') =>
      sendJson<unknown>('/api/replay/capture', 'POST', { ...target, action }),
    onSettled: () => client.invalidateQueries({ queryKey: ['archive'] }),
  });
  const replay = useMutation({
    mutationFn: (dryRun: boolean) =>
      sendJson<RabbitReplayResult>('/api/replay/rabbitmq', 'POST', {
        ...target,
        again,
        dryRun,
        ...(rate ? { rate: Number(rate) } : {}),
      }),
    onSuccess: (r) => setPlan(r),
    onSettled: () => client.invalidateQueries({ queryKey: ['archive'] }),
  });
  const error = capture.error ?? replay.error;
  return (
    <section className="card stack" data-testid="replay-actions">
      <div className="row gap wrap">
        <strong>
          {target.vhost}/{target.queue}
        </strong>
        <button
          type="button"
          className="button small"
          disabled={capture.isPending}
          onClick={() => capture.mutate('start')}
        >
          Capture expired messages
        </button>
        <button
          type="button"
          className="button small"
          disabled={capture.isPending}
          onClick={() => capture.mutate('stop')}
        >
          Stop capture
        </button>
        <label className="row gap-s">
          <input type="checkbox" checked={again} onChange={(e) => setAgain(e.target.checked)} /> again
        </label>
        <label className="row gap-s">
          rate/s{' '}
          <input
            className="input small"
            value={rate}
            onChange={(e) => setRate(e.target.value.replace(/\D/g, ''))}
            size={6}
          />
        </label>
        <button
          type="button"
          className="button small"
          disabled={replay.isPending}
          onClick={() => replay.mutate(true)}
          data-testid="replay-plan"
        >
          Plan replay
        </button>
        {plan?.dryRun && plan.count > 0 && plan.missingExchanges.length === 0 ? (
          <button
            type="button"
            className="button small primary"
            disabled={replay.isPending}
            onClick={() => replay.mutate(false)}
            data-testid="replay-start"
          >
            Replay {plan.count}
          </button>
        ) : null}
      </div>
      {plan ? (
        <p className="small" data-testid="replay-plan-result">
          {plan.dryRun
            ? `${plan.count} message(s) to replay to ${plan.destinations.map((d) => `${d.exchange || '(default)'} ${d.routingKeys.join(',')}${d.exists ? '' : ' (MISSING)'}`).join('; ') || 'nothing'}`
            : plan.job
              ? `replay job ${plan.job.id} started`
              : 'nothing to replay'}
        </p>
      ) : null}
      {error ? (
        <p className="banner error" role="alert">
          {error.message}
        </p>
      ) : null}
    </section>
  );
}
