/**
 * Crash-test child: appends to two partitions with the default fsync policy and prints one line per
 * acknowledged append (`ack <partition> <id> <baseOffset>`), until the parent SIGKILLs it.
 * Usage: node --import tsx crash-child.ts <dataDir> <firstId>
 */
import { FileLogManager } from '../log-manager';
import { simpleBatch } from './batches';

const [dir, firstId] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: crash-child <dataDir> <firstId>');
const m = await FileLogManager.open(dir, { warn: (msg) => process.stderr.write(`${msg}\n`) });
if (m.topic('crash') === undefined) await m.createTopic('crash', 2, { 'segment.bytes': '16384' });
process.stdout.write('ready\n');
let next = Number(firstId ?? 0);

async function worker(partition: number): Promise<void> {
  const log = m.partition('crash', partition);
  for (;;) {
    const id = next++;
    const res = await log.append(simpleBatch(3, `id${id}`));
    process.stdout.write(`ack ${partition} ${id} ${res.baseOffset}\n`);
  }
}

await Promise.all([0, 1, 0, 1, 0, 1, 0, 1].map(worker));
