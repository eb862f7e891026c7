/**
 * Topic metadata on disk and the data-directory layout:
 *
 *   <dataDir>/.lock                       pid of the process that owns the directory
 *   <dataDir>/topics/<name>/topic.json    {version, name, topicId, partitions, configs}
 *   <dataDir>/topics/<name>/<partition>/  segments and checkpoints of one partition
 *   <dataDir>/tmp/                        topics being created (renamed into topics/ when complete)
 *   <dataDir>/deleted/                    topics being removed (renamed out of topics/ first)
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { KafkaProtocolError } from '../errors';
import { validateConfigs } from './config';
import { readFileIfExists, writeFileAtomic } from './fs-util';

export const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL_TOPIC_NAME = /^[a-zA-Z0-9._-]+$/;

export interface TopicMeta {
  name: string;
  topicId: string;
  partitions: number;
  configs: Record<string, string>;
}

/** Kafka's topic-name rules; throws INVALID_TOPIC_EXCEPTION. */
export function validateTopicName(name: string): void {
  const fail = (why: string): never => {
    throw new KafkaProtocolError('INVALID_TOPIC_EXCEPTION', `invalid topic name '${name}': ${why}`, {
      topic: name,
    });
  };
  if (name.length === 0) fail('empty');
  if (name === '.' || name === '..') fail("'.' and '..' are not allowed");
  if (name.length > MAX_TOPIC_NAME_LENGTH) fail(`longer than ${MAX_TOPIC_NAME_LENGTH} characters`);
  if (!LEGAL_TOPIC_NAME.test(name)) fail('only ASCII letters, digits, ".", "_" and "-" are allowed');
}

/** '.' and '_' collide in Kafka metric names, so topics differing only by them cannot coexist. */
export function collisionKey(name: string): string {
  return name.replace(/\./g, '_');
}

export function topicsDir(dataDir: string): string {
  return join(dataDir, 'topics');
}

export function topicDir(dataDir: string, name: string): string {
  return join(topicsDir(dataDir), name);
}

export function partitionDir(dataDir: string, name: string, partition: number): string {
  return join(topicDir(dataDir, name), String(partition));
}

export async function writeTopicMeta(dir: string, meta: TopicMeta): Promise<void> {
  await writeFileAtomic(
    join(dir, 'topic.json'),
    `${JSON.stringify({ version: 1, ...meta }, null, 2)}\n`,
    true,
  );
}

export async function readTopicMeta(dir: string): Promise<TopicMeta | null> {
  const raw = await readFileIfExists(join(dir, 'topic.json'));
  if (raw === null) return null;
  let v: Partial<TopicMeta> & { version?: number };
  try {
    v = JSON.parse(raw.toString('utf8')) as Partial<TopicMeta> & { version?: number };
  } catch {
    throw new Error(`${dir}/topic.json is not valid JSON`);
  }
  if (
    v.version !== 1 ||
    typeof v.name !== 'string' ||
    typeof v.topicId !== 'string' ||
    !Number.isSafeInteger(v.partitions) ||
    typeof v.configs !== 'object' ||
    v.configs === null
  ) {
    throw new Error(`${dir}/topic.json is not valid topic metadata`);
  }
  return {
    name: v.name,
    topicId: v.topicId,
    partitions: v.partitions as number,
    configs: validateConfigs(v.configs),
  };
}

/** Names of the topic directories under <dataDir>/topics. */
export async function listTopicDirs(dataDir: string): Promise<string[]> {
  const entries = await fsp.readdir(topicsDir(dataDir), { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data directory's lock file, taking over a stale one left by a dead process. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, '.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fsp.writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      return () => fsp.rm(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number((await readFileIfExists(path))?.toString('utf8').trim());
      if (Number.isSafeInteger(owner) && owner > 0 && pidAlive(owner)) {
        throw new KafkaProtocolError('KAFKA_STORAGE_ERROR', `${dataDir} is in use by process ${owner}`);
      }
      await fsp.rm(path, { force: true });
    }
  }
  throw new KafkaProtocolError('KAFKA_STORAGE_ERROR', `could not lock ${dataDir}`);
}
