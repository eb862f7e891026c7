/**
 * The import gate run by `npm run cycles`: no circular imports anywhere, and the layering DESIGN.md asks for.
 * Exit 1 with every offending import listed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGraph, checkLayers, findCycles, type LayerRule, listSources } from './lib/import-graph';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const RULES: LayerRule[] = [
  {
    name: 'lib/broker stands alone: it imports nothing else from the project',
    from: /^lib\/broker\//,
    deny: [],
    allowProject: /^lib\/broker\//,
  },
  {
    name: 'components read the JSON API; they never import clients, the broker or server-only modules',
    from: /^components\//,
    deny: [
      /^kafkajs/,
      /^amqplib/,
      /^better-sqlite3/,
      /^lib\/(broker|sources|store|recovery|runtime|auth)\//,
      /^node:/,
    ],
  },
  {
    name: 'app/ is routing only: it goes through lib facades, never kafkajs, amqplib or the broker',
    from: /^app\//,
    deny: [/^kafkajs/, /^amqplib/, /^lib\/broker\//],
  },
  {
    name: 'lib/lag is pure maths: no clients, no I/O modules',
    from: /^lib\/lag\/(?!sampler)/,
    deny: [/^kafkajs/, /^amqplib/, /^better-sqlite3/, /^node:(fs|net|http|https|child_process)/],
  },
];

const files = listSources(root, ['app', 'components', 'lib', 'bench', 'scripts', 'test', 'e2e']);
const graph = buildGraph(root, files);
const cycles = findCycles(graph.edges);
const violations = checkLayers(root, graph, RULES);

for (const cycle of cycles) {
  console.error(`circular import: ${cycle.map((f) => path.relative(root, f)).join(' -> ')}`);
}
for (const v of violations) {
  console.error(`${v.file}:${v.line}: imports '${v.specifier}' — ${v.rule}`);
}
if (cycles.length > 0 || violations.length > 0) {
  console.error(
    `\n${cycles.length} cycle(s), ${violations.length} layering violation(s) in ${files.length} files`,
  );
  process.exit(1);
}
console.log(`imports ok: ${files.length} files, no cycles, layering respected`);
