// Planning a file replay: preview (first rows, count, invalid rows with line numbers, ids already in the
// ledger), refusals (invalid rows, missing exchange or topic), then the job. Uploaded files are kept under
// <dataDir>/replay-files so the job can resume from them.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Actor } from '../../../auth/actor';
import type { ClusterConfig } from '../../../config';
import type { JobRecord, JobRunnerKind, Store } from '../../../store';
import { ReplayError } from '../errors';
import { createReplayJob } from '../jobs';
import { openKafka, topicOffsets, withAdmin } from '../kafka/connect';
import { Rabbit } from '../rabbitmq/mgmt';
import { FILE_REPLAY, type FileReplayPlan, type FileTarget, ledgerTargetOf } from './file-kind';
import { type FileRow, formatOf, parseReplayFile } from './parse';

export interface FileReplayInput {
  /** Path of the file (CLI) or of the stored upload. */
  file: string;
  /** Name shown and sent in spillway-replay-source (the upload's original name). */
  name?: string;
  idField: string;
  target: FileTarget;
  rate: number | null;
}

export interface FileReplayPreview {
  name: string;
  format: 'ndjson' | 'csv';
  count: number;
  first: FileRow[];
  invalid: Array<{ line: number; error: string }>;
  invalidCount: number;
  duplicateIds: number;
  alreadyPublished: number;
  toPublish: number;
  target: string;
}

const PREVIEW_ROWS = 5;
const PREVIEW_INVALID = 50;

function read(i: FileReplayInput) {
  let buf: Buffer;
  try {
    buf = readFileSync(i.file);
  } catch (error) {
    throw new ReplayError(
      `cannot read ${i.file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      'not-found',
    );
  }
  const name = i.name ?? path.basename(i.file);
  const format = formatOf(name);
  const keyField = i.target.kind === 'rabbitmq' ? i.target.routingKeyField : i.target.keyField;
  const parsed = parseReplayFile(buf.toString('utf8'), { format, idField: i.idField, keyField });
  return { buf, name, parsed };
}

export function previewFileReplay(store: Store, i: FileReplayInput): FileReplayPreview {
  const { name, parsed } = read(i);
  const ledgerTarget = ledgerTargetOf(i.target);
  const ids = [...new Set(parsed.rows.map((r) => r.id))];
  const already = store.replayLedger.published(ledgerTarget, ids).size;
  return {
    name,
    format: parsed.format,
    count: parsed.rows.length + parsed.invalid.length,
    first: parsed.rows.slice(0, PREVIEW_ROWS),
    invalid: parsed.invalid.slice(0, PREVIEW_INVALID),
    invalidCount: parsed.invalid.length,
    duplicateIds: parsed.duplicateIds,
    alreadyPublished: already,
    toPublish: ids.length - already,
    target: ledgerTarget,
  };
}

async function checkTarget(t: FileTarget, cluster: ClusterConfig): Promise<void> {
  if (t.kind === 'rabbitmq') {
    if (cluster.kind !== 'rabbitmq')
      throw new ReplayError(`cluster ${cluster.name} is not a RabbitMQ cluster`);
    const found = await new Rabbit(cluster).get(['exchanges', t.vhost, t.exchange], true);
    if (found === undefined) {
      throw new ReplayError(
        `exchange "${t.exchange}" does not exist in vhost "${t.vhost}": nothing published`,
        'not-found',
      );
    }
    return;
  }
  if (cluster.kind === 'rabbitmq') throw new ReplayError(`cluster ${cluster.name} is not a Kafka cluster`);
  const h = openKafka(cluster);
  await withAdmin(h, (admin) => topicOffsets(h, admin, t.topic));
}

export async function createFileReplay(
  store: Store,
  dataDir: string,
  cluster: ClusterConfig,
  i: FileReplayInput,
  actor: Actor,
  runner: JobRunnerKind,
  owner?: string,
): Promise<{ preview: FileReplayPreview; job: JobRecord | null }> {
  const preview = previewFileReplay(store, i);
  if (preview.invalidCount > 0) {
    const first = preview.invalid
      .slice(0, 3)
      .map((x) => `line ${x.line}: ${x.error}`)
      .join('; ');
    throw new ReplayError(
      `${preview.invalidCount} invalid row(s) in ${preview.name} (${first}): fix the file; nothing published`,
    );
  }
  await checkTarget(i.target, cluster);
  if (preview.toPublish === 0) return { preview, job: null };
  const { buf, name } = read(i);
  const sha256 = createHash('sha256').update(buf).digest('hex');
  const dir = path.join(dataDir, 'replay-files');
  mkdirSync(dir, { recursive: true });
  const kept = path.join(dir, `${sha256.slice(0, 16)}-${name.replace(/[^\w.-]+/g, '_')}`);
  copyFileSync(i.file, kept);
  const plan: FileReplayPlan = {
    file: kept,
    name,
    format: preview.format,
    sha256,
    idField: i.idField,
    target: i.target,
    ledgerTarget: preview.target,
    total: preview.count,
  };
  const job = createReplayJob(store, {
    kind: FILE_REPLAY.kind,
    sourceKey: `replay:file:${preview.target}`,
    cluster: cluster.name,
    target: `${name} → ${preview.target}`,
    plan,
    total: preview.count,
    rate: i.rate,
    actor,
    runner,
    ...(owner ? { owner } : {}),
  });
  return { preview, job };
}
