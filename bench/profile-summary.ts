/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`, e.g. `bench/broker.ts --profile DIR`): the hottest
 * functions by self time, and self time grouped by source file.
 * Run: npx tsx bench/profile-summary.ts FILE.cpuprofile [--top N]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Shortens a script URL to the part a reader recognises (repo-relative or node:internal). */
function shortUrl(url: string): string {
  if (url === '') return '(native/vm)';
  const repo = url.indexOf('/work/main/');
  const s = repo >= 0 ? url.slice(repo + '/work/main/'.length) : url;
  return s.replace(/^file:\/\//, '').replace(/\?.*$/, '');
}

function table(title: string, rows: [string, number][], total: number, top: number): string {
  const lines = [`${title} (${(total / 1000).toFixed(0)} ms sampled)`];
  for (const [name, us] of rows.sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(
      `${((100 * us) / total).toFixed(1).padStart(6)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`,
    );
  }
  return lines.join('\n');
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string' } } });
  const file = positionals[0];
  if (file === undefined)
    throw new Error('usage: npx tsx bench/profile-summary.ts FILE.cpuprofile [--top N]');
  const top = Number(values.top ?? 30);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  let busy = 0;
  for (const [id, us] of self) {
    const f = (byId.get(id) as ProfileNode).callFrame;
    total += us;
    if (f.functionName !== '(idle)' && f.functionName !== '(program)') busy += us;
    const name = `${f.functionName || '(anonymous)'}  ${shortUrl(f.url)}:${f.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    const key = f.url === '' ? f.functionName : shortUrl(f.url);
    byFile.set(key, (byFile.get(key) ?? 0) + us);
  }
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s not idle\n`);
  console.log(table('self time by function', [...byFunction], total, top));
  console.log('');
  console.log(table('self time by file', [...byFile], total, top));
}

main();
