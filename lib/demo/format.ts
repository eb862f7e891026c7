// The demo's status as one line of text (the `spillway demo` CLI). Pure.
import type { DemoStatus } from './types';

const n = (v: number) => v.toLocaleString('en-US');

export function formatDemoLine(s: DemoStatus, now = Date.now()): string {
  const where = s.cluster ? ` on ${s.cluster}` : '';
  switch (s.state) {
    case 'idle':
      return `demo: not running${where}`;
    case 'starting':
      return `demo: starting${where}…`;
    case 'stopping':
      return `demo: stopping… produced ${n(s.produced)}, consumed ${n(s.consumed)}`;
    case 'failed':
      return `demo: failed: ${s.error ?? 'unknown error'}`;
    case 'stopped':
      return `demo: stopped — produced ${n(s.produced)}, consumed ${n(s.consumed)}, left in ${s.topic}: ${n(Math.max(0, s.produced - s.consumed))}`;
    case 'running': {
      const left = s.endsAt ? Math.max(0, Math.round((s.endsAt - now) / 1000)) : null;
      return (
        `demo: ${s.phase ?? 'running'} at ${n(s.targetRate)} msg/s (consumers ${n(s.scenario.consumerRate)} msg/s) — ` +
        `produced ${n(s.produced)}, consumed ${n(s.consumed)}, backlog ≈ ${n(Math.max(0, s.produced - s.consumed))}` +
        (left === null ? '' : `, stops in ${left}s`)
      );
    }
  }
}
