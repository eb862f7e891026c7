import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';

export const IDENTITY_FILE = 'broker.json';
/** Producer ids are reserved on disk in blocks, so a restart never hands out an id twice. */
export const PRODUCER_ID_BLOCK = 1000;

interface IdentityFile {
  version: 1;
  clusterId: string;
  nodeId: number;
  /** First producer id of the next unreserved block. */
  nextProducerIdBlock: number;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
  const dir = await open(path.dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** Kafka-style cluster id: 16 random bytes, base64url without padding (22 characters). */
export function newClusterId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The broker's persistent identity: cluster id (created on first start), node id, and the producer id
 * reservation. Producer ids come from the reserved block; a new block is persisted before its first id.
 */
export class BrokerIdentityStore {
  private next = 0;
  private blockEnd = 0;
  private reserving: Promise<void> | null = null;

  private constructor(
    private readonly file: string,
    private state: IdentityFile,
  ) {}

  static async open(dataDir: string, nodeId: number): Promise<BrokerIdentityStore> {
    await mkdir(dataDir, { recursive: true });
    const file = path.join(dataDir, IDENTITY_FILE);
    let state: IdentityFile;
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<IdentityFile>;
      if (typeof parsed.clusterId !== 'string' || typeof parsed.nextProducerIdBlock !== 'number') {
        throw new Error(`${file} is damaged (missing clusterId or nextProducerIdBlock)`);
      }
      state = {
        version: 1,
        clusterId: parsed.clusterId,
        nodeId,
        nextProducerIdBlock: parsed.nextProducerIdBlock,
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      state = { version: 1, clusterId: newClusterId(), nodeId, nextProducerIdBlock: 0 };
      await writeAtomically(file, JSON.stringify(state, null, 2));
    }
    return new BrokerIdentityStore(file, state);
  }

  get clusterId(): string {
    return this.state.clusterId;
  }

  async nextProducerId(): Promise<number> {
    while (this.next >= this.blockEnd) {
      if (!this.reserving) {
        this.reserving = this.reserveBlock().finally(() => {
          this.reserving = null;
        });
      }
      await this.reserving;
    }
    const id = this.next;
    this.next += 1;
    return id;
  }

  private async reserveBlock(): Promise<void> {
    const start = this.state.nextProducerIdBlock;
    const state = { ...this.state, nextProducerIdBlock: start + PRODUCER_ID_BLOCK };
    await writeAtomically(this.file, JSON.stringify(state, null, 2));
    this.state = state;
    this.next = start;
    this.blockEnd = start + PRODUCER_ID_BLOCK;
  }
}
