'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, csrfToken } from '@/lib/client/http';
import type { FilePreview } from './types';

/** The upload limit of POST /api/replay/file. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

async function upload(file: File, options: unknown): Promise<FilePreview> {
  const form = new FormData();
  form.set('file', file);
  form.set('options', JSON.stringify(options));
  const csrf = csrfToken();
  const res = await fetch('/api/replay/file', {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: csrf ? { 'x-spillway-csrf': csrf } : {},
  });
  const body = (await res.json().catch(() => ({}))) as FilePreview & { error?: string };
  if (!res.ok) throw new ApiError(body.error ?? `${res.status} ${res.statusText}`, res.status);
  return body;
}

/** Lost data from a file: preview (count, invalid rows with line numbers), then publish once per id. */
export function FileUpload() {
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<'rabbitmq' | 'kafka'>('rabbitmq');
  const [f, setF] = useState({
    cluster: '',
    vhost: '/',
    exchange: '',
    routingKeyField: '',
    topic: '',
    keyField: '',
    idField: 'id',
  });
  const [preview, setPreview] = useState<FilePreview | null>(null);
  const run = useMutation({
    mutationFn: (dryRun: boolean) => {
      if (!file) throw new Error('choose a file');
      if (file.size > MAX_UPLOAD_BYTES) throw new Error('the file is larger than 50 MiB');
      const target =
        kind === 'rabbitmq'
          ? {
              kind,
              cluster: f.cluster,
              vhost: f.vhost,
              exchange: f.exchange,
              routingKeyField: f.routingKeyField,
            }
          : { kind, cluster: f.cluster, topic: f.topic, keyField: f.keyField || null };
      return upload(file, { idField: f.idField, target, dryRun });
    },
    onSuccess: setPreview,
  });
  const field = (k: keyof typeof f, label: string) => (
    <label className="row gap-s">
      {label}{' '}
      <input className="input small" value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} />
    </label>
  );
  return (
    <section className="card stack" data-testid="file-replay">
      <h2>Replay lost data from a file</h2>
      <div className="row gap wrap">
        <input
          type="file"
          accept=".ndjson,.jsonl,.csv"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <select
          className="input small"
          value={kind}
          onChange={(e) => setKind(e.target.value as 'rabbitmq' | 'kafka')}
        >
          <option value="rabbitmq">to RabbitMQ</option>
          <option value="kafka">to Kafka</option>
        </select>
        {field('cluster', 'cluster')}
        {kind === 'rabbitmq' ? (
          <>
            {field('vhost', 'vhost')}
            {field('exchange', 'exchange')}
            {field('routingKeyField', 'routing key field')}
          </>
        ) : (
          <>
            {field('topic', 'topic')}
            {field('keyField', 'key field')}
          </>
        )}
        {field('idField', 'id field')}
        <button
          type="button"
          className="button small"
          disabled={run.isPending}
          onClick={() => run.mutate(true)}
        >
          Preview
        </button>
        {preview?.dryRun && preview.invalidCount === 0 && preview.toPublish > 0 ? (
          <button
            type="button"
            className="button small primary"
            disabled={run.isPending}
            onClick={() => run.mutate(false)}
          >
            Publish {preview.toPublish}
          </button>
        ) : null}
      </div>
      {preview ? (
        <div className="small" data-testid="file-preview">
          <p>
            {preview.name}: {preview.count} row(s), {preview.invalidCount} invalid, {preview.duplicateIds}{' '}
            duplicate id(s), {preview.alreadyPublished} already published to {preview.target},{' '}
            {preview.toPublish} to publish
            {preview.job ? ` — job ${preview.job.id} started` : ''}
          </p>
          {preview.invalid.length > 0 ? (
            <ul>
              {preview.invalid.map((x) => (
                <li key={x.line}>
                  line {x.line}: {x.error}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {run.error ? (
        <p className="banner error" role="alert">
          {run.error.message}
        </p>
      ) : null}
    </section>
  );
}
