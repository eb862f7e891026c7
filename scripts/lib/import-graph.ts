import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** One import edge found in a source file. */
export interface ImportRef {
  specifier: string;
  typeOnly: boolean;
  line: number;
}

const IMPORT_RE =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Finds static imports, re-exports and literal dynamic imports; `import type` is marked type-only. */
export function parseImports(source: string): ImportRef[] {
  const out: ImportRef[] = [];
  for (const m of source.matchAll(IMPORT_RE)) {
    const specifier = m[3] ?? m[4];
    if (!specifier) continue;
    const before = source.slice(0, m.index ?? 0);
    const line = before.split('\n').length + (m[0].startsWith('\n') ? 1 : 0);
    out.push({ specifier, typeOnly: Boolean(m[2]), line });
  }
  return out;
}

const EXTS = ['.ts', '.tsx', '/index.ts', '/index.tsx'];

/** Resolves a project-relative or `@/` specifier to a file under root; packages and builtins give undefined. */
export function resolveSpecifier(root: string, fromFile: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith('@/')) base = path.join(root, specifier.slice(2));
  else if (specifier.startsWith('.')) base = path.resolve(path.dirname(fromFile), specifier);
  else return undefined;
  if (/\.(tsx?|css|json)$/.test(base) && existsSync(base)) return base;
  for (const ext of EXTS) {
    const candidate = base + ext;
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function listSources(root: string, dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
    }
  };
  for (const d of dirs) walk(path.join(root, d));
  return out.sort();
}

export interface Graph {
  /** file → imported project files (runtime imports only). */
  edges: Map<string, Set<string>>;
  /** file → every import with its resolution, for rule checks. */
  imports: Map<string, (ImportRef & { resolved?: string })[]>;
}

export function buildGraph(root: string, files: string[]): Graph {
  const edges = new Map<string, Set<string>>();
  const imports = new Map<string, (ImportRef & { resolved?: string })[]>();
  for (const file of files) {
    const refs: (ImportRef & { resolved?: string })[] = parseImports(readFileSync(file, 'utf8')).map((r) => {
      const resolved = resolveSpecifier(root, file, r.specifier);
      return resolved ? { ...r, resolved } : r;
    });
    imports.set(file, refs);
    edges.set(file, new Set(refs.filter((r) => !r.typeOnly && r.resolved).map((r) => r.resolved as string)));
  }
  return { edges, imports };
}

/** Strongly connected components with more than one file (or a self-import): each is an import cycle. */
export function findCycles(edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, idx.get(w) as number));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || edges.get(v)?.has(v)) cycles.push(scc.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return cycles;
}

/** A layering rule: files matching `from` must not import anything matching one of `deny`. */
export interface LayerRule {
  name: string;
  from: RegExp;
  /** Matched against the project-relative resolved path, or the bare package specifier. */
  deny: RegExp[];
  /** When set, project imports must match one of these (e.g. lib/broker imports only lib/broker). */
  allowProject?: RegExp;
}

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  rule: string;
}

export function checkLayers(root: string, graph: Graph, rules: LayerRule[]): Violation[] {
  const out: Violation[] = [];
  for (const [file, refs] of graph.imports) {
    const rel = path.relative(root, file);
    for (const rule of rules) {
      if (!rule.from.test(rel)) continue;
      for (const ref of refs) {
        const target = ref.resolved ? path.relative(root, ref.resolved) : ref.specifier;
        const denied = rule.deny.some((d) => d.test(target));
        const outside =
          ref.resolved !== undefined && rule.allowProject !== undefined && !rule.allowProject.test(target);
        if (denied || outside)
          out.push({ file: rel, line: ref.line, specifier: ref.specifier, rule: rule.name });
      }
    }
  }
  return out;
}
