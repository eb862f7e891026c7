/**
 * Linux /proc readings for the bench: process memory and CPU time, and machine-wide CPU use so that a run
 * disturbed by other processes on the (shared) machine can be told apart from a slow broker.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

/** Clock ticks per second of /proc/<pid>/stat and /proc/stat (USER_HZ, 100 on every Linux we run on). */
const TICKS_PER_SECOND = 100;

export interface Memory {
  /** Resident set size (VmRSS), bytes. */
  rss: number;
  /** Peak resident set size (VmHWM), bytes. */
  peak: number;
}

function statusField(text: string, name: string): number {
  const m = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text);
  if (m === null) throw new Error(`/proc status has no ${name}`);
  return Number(m[1]) * 1024;
}

export function memoryOf(pid: number): Memory {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rss: statusField(text, 'VmRSS'), peak: statusField(text, 'VmHWM') };
}

/** /proc/<pid>/stat fields after the parenthesised command name (index 0 is field 3, the state). */
function statFields(pid: number | 'self'): string[] {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** User and system CPU seconds used so far by `pid` (all its threads): fields 14 and 15. */
export function cpuOf(pid: number): { user: number; sys: number } {
  const f = statFields(pid);
  return { user: Number(f[11]) / TICKS_PER_SECOND, sys: Number(f[12]) / TICKS_PER_SECOND };
}

/** CPU seconds of this process plus its exited, reaped children (kcat): fields 14-17 of /proc/self/stat. */
function selfAndChildrenSeconds(): number {
  const f = statFields('self');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS_PER_SECOND;
}

/** Busy CPU seconds of the whole machine so far (all cores, from /proc/stat). */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return (total - idle) / TICKS_PER_SECOND;
}

export const CORES = availableParallelism();

/** One-minute load average, as `uptime` prints it. */
export function load1(): number {
  return loadavg()[0] ?? 0;
}

/** CPU accounting over a measured interval: the broker, this process, and everything else. */
export interface CpuWindow {
  /** Broker CPU seconds (user + system). */
  broker: number;
  /** The system (kernel) part of `broker`: syscalls, fdatasync, TCP. */
  brokerSys: number;
  /** Client CPU seconds: this process and the children it reaped meanwhile (kcat). */
  client: number;
  /** Average cores used by other processes (not broker, not this process) during the interval. */
  othersCores: number;
  load1: number;
}

export class CpuMeter {
  private readonly t0 = performance.now();
  private readonly machine0 = machineBusySeconds();
  private readonly broker0: { user: number; sys: number };
  private readonly client0 = selfAndChildrenSeconds();

  constructor(private readonly brokerPid: number) {
    this.broker0 = cpuOf(brokerPid);
  }

  stop(): CpuWindow {
    const seconds = (performance.now() - this.t0) / 1000;
    const b = cpuOf(this.brokerPid);
    const brokerSys = b.sys - this.broker0.sys;
    const broker = b.user - this.broker0.user + brokerSys;
    const client = selfAndChildrenSeconds() - this.client0;
    const machine = machineBusySeconds() - this.machine0;
    const others = Math.max(0, machine - broker - client);
    return { broker, brokerSys, client, othersCores: seconds > 0 ? others / seconds : 0, load1: load1() };
  }
}
