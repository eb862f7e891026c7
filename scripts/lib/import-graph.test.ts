import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph, checkLayers, findCycles, listSources, parseImports } from './import-graph';

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'spillway-imports-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe('import graph', () => {
  it('parses static, re-export, side-effect, type-only and dynamic imports', () => {
    const refs = parseImports(
      "import a from './a';\nimport type { B } from './b';\nexport { c } from './c';\nimport './d.css';\nconst e = await import('./e');\nimport {\n  f,\n  g,\n} from 'kafkajs';\n",
    );
    expect(refs.map((r) => [r.specifier, r.typeOnly])).toEqual([
      ['./a', false],
      ['./b', true],
      ['./c', false],
      ['./d.css', false],
      ['./e', false],
      ['kafkajs', false],
    ]);
  });

  it('finds a three-file cycle but ignores cycles made only of type imports', () => {
    const root = project({
      'lib/a.ts': "import { b } from './b';\nexport const a = 1;",
      'lib/b.ts': "import { c } from './c';\nexport const b = 1;",
      'lib/c.ts': "import { a } from '@/lib/a';\nexport const c = 1;",
      'lib/t1.ts': "import type { T2 } from './t2';\nexport type T1 = T2;",
      'lib/t2.ts': "import type { T1 } from './t1';\nexport type T2 = string;",
    });
    const graph = buildGraph(root, listSources(root, ['lib']));
    const cycles = findCycles(graph.edges).map((c) => c.map((f) => path.relative(root, f)));
    expect(cycles).toEqual([['lib/a.ts', 'lib/b.ts', 'lib/c.ts']]);
  });

  it('reports layering violations with file and line', () => {
    const root = project({
      'lib/broker/x.ts': "import { y } from '../config';\nimport net from 'node:net';",
      'lib/config.ts': 'export const y = 1;',
      'components/c.tsx': "\nimport { Kafka } from 'kafkajs';",
    });
    const graph = buildGraph(root, listSources(root, ['lib', 'components']));
    const v = checkLayers(root, graph, [
      { name: 'broker alone', from: /^lib\/broker\//, deny: [], allowProject: /^lib\/broker\// },
      { name: 'no kafkajs in components', from: /^components\//, deny: [/^kafkajs/] },
    ]);
    expect(v).toEqual([
      { file: 'components/c.tsx', line: 2, specifier: 'kafkajs', rule: 'no kafkajs in components' },
      { file: 'lib/broker/x.ts', line: 1, specifier: '../config', rule: 'broker alone' },
    ]);
  });
});
