// POST /api/replay/capture, /api/replay/rabbitmq, /api/replay/kafka, /api/replay/file (upload): the same
// flows as the CLI; `dryRun: true` returns the preview, otherwise the job is created and handed to the
// server's job runner.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { currentJobRunner } from '../../jobs/service';
import { kafkaCluster, rabbitmqCluster } from '../clusters';
import { ReplayError } from '../errors';
import { fileTarget } from '../file/file-kind';
import { createFileReplay, previewFileReplay } from '../file/file-plan';
import { createKafkaRange, parseRangeBound, previewKafkaRange } from '../kafka/range-plan';
import { captureStatus, startCapture, stopCapture } from '../rabbitmq/capture';
import { createRabbitReplay, previewRabbitReplay } from '../rabbitmq/replay-create';
import { parseTime } from '../time';
import {
  type ApiResult,
  audited,
  errorResult,
  fail,
  jsonBody,
  ok,
  parseWith,
  requestActor,
  runtime,
} from './http';

const name = z.string().min(1).max(255);
const clusterName = z.string().min(1).max(64).optional();
const rate = z.number().int().min(1).max(1_000_000).nullable().optional();

function launch(jobId: string): void {
  currentJobRunner()?.launch(jobId);
}

function needRunner(): ApiResult | null {
  return currentJobRunner()
    ? null
    : fail(503, 'the job runner is not running in this process (start Spillway with `spillway start`)');
}

const captureBody = z.strictObject({
  cluster: clusterName,
  vhost: name.default('/'),
  queue: name,
  action: z.enum(['start', 'stop', 'status']),
});

export async function captureStatusGet(params: URLSearchParams): Promise<ApiResult> {
  const parsed = parseWith(captureBody.omit({ action: true }), Object.fromEntries(params));
  if (!parsed.ok) return parsed.result;
  try {
    const c = rabbitmqCluster(runtime().config, parsed.data.cluster);
    return ok(await captureStatus(c, parsed.data.vhost, parsed.data.queue));
  } catch (error) {
    return errorResult(error);
  }
}

export async function capturePost(request: Request): Promise<ApiResult> {
  const raw = await jsonBody(request);
  if (!raw.ok) return raw.result;
  const parsed = parseWith(captureBody, raw.value);
  if (!parsed.ok) return parsed.result;
  const b = parsed.data;
  if (b.action === 'status')
    return captureStatusGet(
      new URLSearchParams({ vhost: b.vhost, queue: b.queue, ...(b.cluster ? { cluster: b.cluster } : {}) }),
    );
  const rt = runtime();
  const c = (() => {
    try {
      return rabbitmqCluster(rt.config, b.cluster);
    } catch (error) {
      return error as ReplayError;
    }
  })();
  if (c instanceof ReplayError) return errorResult(c);
  const target = `rabbitmq:${c.name}/${b.vhost}/${b.queue}`;
  return audited(
    request,
    b.action === 'start' ? 'replay.capture' : 'replay.capture.remove',
    target,
    {},
    async () => {
      if (b.action === 'start') {
        const s = await startCapture(c, b.vhost, b.queue);
        rt.store.replayCaptures.add({
          cluster: c.name,
          vhost: b.vhost,
          queue: b.queue,
          createdBy: requestActor(request).name,
        });
        return ok(s);
      }
      const s = await stopCapture(c, b.vhost, b.queue);
      rt.store.replayCaptures.remove(c.name, b.vhost, b.queue);
      return ok(s);
    },
  );
}

const rabbitBody = z.strictObject({
  cluster: clusterName,
  vhost: name.default('/'),
  queue: name,
  since: z.string().max(40).optional(),
  until: z.string().max(40).optional(),
  reason: z.enum(['expired', 'rejected', 'maxlen', 'delivery_limit']).optional(),
  again: z.boolean().default(false),
  rate,
  dryRun: z.boolean().default(false),
});

export async function replayRabbitmqPost(request: Request): Promise<ApiResult> {
  const raw = await jsonBody(request);
  if (!raw.ok) return raw.result;
  const parsed = parseWith(rabbitBody, raw.value);
  if (!parsed.ok) return parsed.result;
  const b = parsed.data;
  try {
    const rt = runtime();
    const input = {
      cluster: rabbitmqCluster(rt.config, b.cluster),
      vhost: b.vhost,
      queue: b.queue,
      since: b.since ? parseTime('since', b.since) : null,
      until: b.until ? parseTime('until', b.until) : null,
      reason: b.reason ?? null,
      again: b.again,
      rate: b.rate ?? null,
    };
    if (b.dryRun) return ok({ dryRun: true, ...(await previewRabbitReplay(rt.store, input)) });
    const missing = needRunner();
    if (missing) return missing;
    const { preview, job } = await createRabbitReplay(rt.store, input, requestActor(request), 'server');
    if (job) launch(job.id);
    return ok({ dryRun: false, ...preview, job });
  } catch (error) {
    return errorResult(error);
  }
}

const kafkaBody = z.strictObject({
  cluster: clusterName,
  topic: name,
  target: name,
  from: z.string().min(1).max(40),
  to: z.string().min(1).max(40),
  rate,
  dryRun: z.boolean().default(false),
});

export async function replayKafkaPost(request: Request): Promise<ApiResult> {
  const raw = await jsonBody(request);
  if (!raw.ok) return raw.result;
  const parsed = parseWith(kafkaBody, raw.value);
  if (!parsed.ok) return parsed.result;
  const b = parsed.data;
  try {
    const rt = runtime();
    const input = {
      cluster: kafkaCluster(rt.config, b.cluster),
      topic: b.topic,
      target: b.target,
      from: parseRangeBound('from', b.from),
      to: parseRangeBound('to', b.to),
      rate: b.rate ?? null,
    };
    if (b.dryRun) return ok({ dryRun: true, ...(await previewKafkaRange(input)) });
    const missing = needRunner();
    if (missing) return missing;
    const { preview, job } = await createKafkaRange(rt.store, input, requestActor(request), 'server');
    if (job) launch(job.id);
    return ok({ dryRun: false, ...preview, job });
  } catch (error) {
    return errorResult(error);
  }
}

/** The upload limit (the request gate enforces the same for /api/replay). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

const fileOptions = z.strictObject({
  idField: z.string().min(1).max(200),
  target: fileTarget,
  rate,
  dryRun: z.boolean().default(true),
});

/** multipart/form-data: `file` (the NDJSON/CSV) and `options` (JSON: idField, target, rate, dryRun). */
export async function replayFilePost(request: Request): Promise<ApiResult> {
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > MAX_UPLOAD_BYTES) return fail(413, `the upload is larger than ${MAX_UPLOAD_BYTES} bytes`);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return fail(400, 'expected multipart/form-data with a file and options');
  }
  const file = form.get('file');
  if (!(file instanceof File)) return fail(400, 'the form has no file');
  if (file.size > MAX_UPLOAD_BYTES) return fail(413, `the upload is larger than ${MAX_UPLOAD_BYTES} bytes`);
  let options: unknown;
  try {
    options = JSON.parse(String(form.get('options') ?? '{}'));
  } catch {
    return fail(400, 'options is not JSON');
  }
  const parsed = parseWith(fileOptions, options);
  if (!parsed.ok) return parsed.result;
  const o = parsed.data;
  const rt = runtime();
  const dir = path.join(rt.config.dataDir, 'replay-files');
  mkdirSync(dir, { recursive: true });
  const upload = path.join(dir, `upload-${randomBytes(6).toString('hex')}`);
  writeFileSync(upload, Buffer.from(await file.arrayBuffer()));
  try {
    const input = {
      file: upload,
      name: path.basename(file.name || 'upload.ndjson'),
      idField: o.idField,
      target: o.target,
      rate: o.rate ?? null,
    };
    if (o.dryRun) return ok({ dryRun: true, ...previewFileReplay(rt.store, input) });
    const missing = needRunner();
    if (missing) return missing;
    const cluster =
      o.target.kind === 'rabbitmq'
        ? rabbitmqCluster(rt.config, o.target.cluster)
        : kafkaCluster(rt.config, o.target.cluster);
    const { preview, job } = await createFileReplay(
      rt.store,
      rt.config.dataDir,
      cluster,
      input,
      requestActor(request),
      'server',
    );
    if (job) launch(job.id);
    return ok({ dryRun: false, ...preview, job });
  } catch (error) {
    return errorResult(error);
  } finally {
    rmSync(upload, { force: true });
  }
}
