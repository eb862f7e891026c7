/**
 * Small per-partition state files, replaced atomically:
 * - `log-start-offset`: `{"logStartOffset": n}`, fsynced (DeleteRecords is acknowledged only once durable);
 * - `producer-state.json`: `{"offset": n, "producers": [...]}`, the idempotent-producer table as of offset n,
 *   written at segment roll and clean close (not fsynced: a lost or torn snapshot falls back to a replay).
 */
import { join } from 'node:path';
import { readFileIfExists, writeFileAtomic } from './fs-util';
import type { BatchMeta, ProducerEntry } from './producer-state';

const LOG_START_FILE = 'log-start-offset';
const PRODUCER_FILE = 'producer-state.json';

function isSafeInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

async function readJson(path: string): Promise<unknown> {
  const buf = await readFileIfExists(path);
  if (buf === null) return null;
  try {
    return JSON.parse(buf.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

export async function readLogStartOffset(dir: string): Promise<number | null> {
  const v = await readJson(join(dir, LOG_START_FILE));
  if (typeof v !== 'object' || v === null) return null;
  const n = (v as { logStartOffset?: unknown }).logStartOffset;
  return isSafeInt(n) && n >= 0 ? n : null;
}

export async function writeLogStartOffset(dir: string, offset: number): Promise<void> {
  await writeFileAtomic(join(dir, LOG_START_FILE), JSON.stringify({ logStartOffset: offset }), true);
}

export interface ProducerSnapshot {
  offset: number;
  producers: ProducerEntry[];
}

export function encodeProducerSnapshot(offset: number, producers: ProducerEntry[]): string {
  return JSON.stringify({ offset, producers });
}

function isBatchMeta(v: unknown): v is BatchMeta {
  if (typeof v !== 'object' || v === null) return false;
  const b = v as Record<string, unknown>;
  return [b.firstSeq, b.lastSeq, b.baseOffset, b.lastOffset, b.logAppendTime].every(isSafeInt);
}

function isEntry(v: unknown): v is ProducerEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    isSafeInt(e.producerId) &&
    isSafeInt(e.epoch) &&
    isSafeInt(e.lastSeen) &&
    Array.isArray(e.batches) &&
    e.batches.every(isBatchMeta)
  );
}

export async function readProducerSnapshot(dir: string): Promise<ProducerSnapshot | null> {
  const v = await readJson(join(dir, PRODUCER_FILE));
  if (typeof v !== 'object' || v === null) return null;
  const s = v as { offset?: unknown; producers?: unknown };
  if (!isSafeInt(s.offset) || !Array.isArray(s.producers) || !s.producers.every(isEntry)) return null;
  return { offset: s.offset, producers: s.producers };
}

export async function writeProducerSnapshot(dir: string, encoded: string): Promise<void> {
  await writeFileAtomic(join(dir, PRODUCER_FILE), encoded, false);
}
