// A worker process for bench/drain.ts: `consumers` kafkajs consumers in group `group` on `topic`, each
// handling a message in ~`handlerMs` (a timer per message, one message at a time per partition, the
// offset committed after each batch). Workers are separate services in real life; in their own process
// they do not compete with the dispatcher for one event loop. The handler does nothing but wait: the
// per-key checks live in the tests (test/drain.kafka.test.ts), and the same worker serves factor 1 and
// factor 10. Prints `<count> <firstAt> <lastAt>` (Date.now() ms) on stdout every 100 ms; on SIGTERM, one
// `partitions {"<p>":{"n","first","last"}}` line, then exits.
import type { Consumer } from 'kafkajs';
import { FAST_CONSUMER, kafkaFor } from '../test/helpers/kafkajs';

const [bootstrap, topic, group, consumers, handlerMs] = process.argv.slice(2);
if (!bootstrap || !topic || !group)
  throw new Error('usage: drain-worker <bootstrap> <topic> <group> <consumers> <handlerMs>');
const wait = Number(handlerMs);
const kafka = kafkaFor(bootstrap);
let count = 0;
let firstAt = 0;
let lastAt = 0;
/** Per partition: messages handled, first and last handled (Date.now() ms). */
const perPartition = new Map<number, { n: number; first: number; last: number }>();
const all: Consumer[] = [];
for (let i = 0; i < Number(consumers); i++) {
  // A batch can hold thousands of records at ~1 ms each: heartbeat inside it, and allow a busy machine
  // 30 s before a member counts as gone (a rebalance storm would stall every worker).
  const c = kafka.consumer({
    ...FAST_CONSUMER,
    groupId: group,
    maxWaitTimeInMs: 200,
    // About 500 of these messages per fetch (a whole record batch always comes back), like the Java
    // consumer's max.poll.records default: a 1 MiB fetch would be ~9 s of 1 ms handlers decoded at
    // once (and committed only after them).
    maxBytesPerPartition: 64 * 1024,
    sessionTimeout: 30_000,
    rebalanceTimeout: 60_000,
  });
  await c.connect();
  await c.subscribe({ topic, fromBeginning: true });
  await c.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
      let handled = 0;
      for (const m of batch.messages) {
        if (!isRunning() || isStale()) break;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        lastAt = Date.now();
        if (firstAt === 0) firstAt = lastAt;
        count += 1;
        const pp = perPartition.get(batch.partition) ?? { n: 0, first: lastAt, last: 0 };
        pp.n += 1;
        pp.last = lastAt;
        perPartition.set(batch.partition, pp);
        resolveOffset(m.offset);
        if (++handled % 50 === 0) await heartbeat();
      }
      await commitOffsetsIfNecessary();
      await heartbeat();
    },
  });
  all.push(c);
}
const timer = setInterval(() => process.stdout.write(`${count} ${firstAt} ${lastAt}\n`), 100);
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  clearInterval(timer);
  process.stdout.write(`partitions ${JSON.stringify(Object.fromEntries(perPartition))}\n`);
  void Promise.all(all.map((c) => c.disconnect().catch(() => undefined))).then(() => process.exit(0));
});
