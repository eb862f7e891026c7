// A worker process for bench/drain.ts: `consumers` kafkajs consumers in group `group` on `topic`, each
// handling a message in ~`handlerMs` (a timer per message). Workers are separate services in real life;
// in their own process they do not compete with the dispatcher for one event loop. Prints
// `<count> <firstAt> <lastAt>` (Date.now() ms) on stdout every 100 ms; exits on SIGTERM.
import { startWorkers } from '../test/helpers/drain';
import { kafkaFor } from '../test/helpers/kafkajs';

const [bootstrap, topic, group, consumers, handlerMs] = process.argv.slice(2);
if (!bootstrap || !topic || !group)
  throw new Error('usage: drain-worker <bootstrap> <topic> <group> <consumers> <handlerMs>');
const workers = await startWorkers(kafkaFor(bootstrap), topic, group, Number(consumers), Number(handlerMs));
const offset = Date.now() - performance.now();
const timer = setInterval(() => {
  const first = workers.seen[0]?.at;
  const last = workers.seen.at(-1)?.at;
  process.stdout.write(
    `${workers.seen.length} ${first === undefined ? 0 : Math.round(first + offset)} ${last === undefined ? 0 : Math.round(last + offset)}\n`,
  );
}, 100);
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  clearInterval(timer);
  void workers.stop().then(() => process.exit(0));
});
