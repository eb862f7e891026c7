// The registry of job kinds. Each kind module registers itself from lib/recovery/kinds.ts (one import
// line per kind), so the runner, CLI and API find every kind the same way.
import type { JobKind } from './types';
import { JobError } from './types';

const KEY = Symbol.for('spillway.recovery.kinds');
type Holder = { [KEY]?: Map<string, JobKind<unknown, unknown>> };

function kinds(): Map<string, JobKind<unknown, unknown>> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

export function registerJobKind<P, C>(kind: JobKind<P, C>): void {
  kinds().set(kind.kind, kind as unknown as JobKind<unknown, unknown>);
}

export function jobKind(name: string): JobKind<unknown, unknown> {
  const k = kinds().get(name);
  if (!k)
    throw new JobError(
      `unknown job kind "${name}" (this Spillway has: ${[...kinds().keys()].join(', ') || 'none'})`,
      422,
    );
  return k;
}

export function hasJobKind(name: string): boolean {
  return kinds().has(name);
}
