import type { Command } from 'commander';
import { cliAuthHeaders } from '../../auth/cli-credentials';
import { formatDemoLine } from '../../demo/format';
import type { DemoStatus } from '../../demo/types';
import { loadCliConfig, output } from '../context';
import { UserError } from '../errors';
import { parsePositiveInt } from '../parse';
import type { CommandModule } from '../registry';

interface DemoFlags {
  url?: string;
  detach?: boolean;
  duration?: number;
}

type Action = 'start' | 'stop' | 'status';

/** The running Spillway's address from the configuration (a wildcard bind is reached on loopback). */
function defaultUrl(cmd: Command): string {
  const { config } = loadCliConfig(cmd);
  const h = config.server.host;
  const host = h === '0.0.0.0' || h === '::' ? '127.0.0.1' : h.includes(':') ? `[${h}]` : h;
  return `http://${host}:${config.server.port}`;
}

let authHeaders: Record<string, string> = {};

async function call(base: string, method: 'GET' | 'POST', body?: unknown): Promise<DemoStatus> {
  let res: Response;
  try {
    res = await fetch(new URL('/api/demo', base), {
      method,
      headers: { ...authHeaders, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new UserError(
      `Spillway is not reachable at ${base} (${(error as Error).message}); start it with \`npx spillway start\` or pass --url`,
    );
  }
  const json = (await res.json().catch(() => ({}))) as DemoStatus & { error?: string };
  if (!res.ok) throw new UserError(`demo: ${json.error ?? `${res.status} ${res.statusText}`}`);
  return json;
}

/** Prints progress until the run ends; Ctrl-C stops the demo (not just this command). */
async function follow(base: string, print: (s: DemoStatus) => void): Promise<DemoStatus> {
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    let s = await call(base, 'GET');
    while (!interrupted && (s.state === 'running' || s.state === 'starting')) {
      print(s);
      await new Promise((r) => setTimeout(r, 2000));
      s = await call(base, 'GET');
    }
    if (interrupted) s = await call(base, 'POST', { action: 'stop' });
    return s;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export const demoCommand: CommandModule = {
  name: 'demo',
  summary: 'run the peak-shaving demo workload on the embedded broker of a running Spillway',
  register(program) {
    program
      .command('demo')
      .summary(this.summary)
      .description(
        'Start (default), stop or show the demo workload inside a running Spillway (`npx spillway start`). ' +
          'Producers send bursts of ~5,000 msg/s to spillway-demo-orders while the group spillway-demo-consumers ' +
          'processes ~2,000 msg/s, so the dashboard shows a backlog growing and draining every 30 s. Everything ' +
          'it creates is named spillway-demo… and labelled as demo data. `start` follows the run until it ends ' +
          'and Ctrl-C stops the demo; with --detach it returns at once.',
      )
      .argument('[action]', 'start | stop | status', 'start')
      .option('--url <url>', 'the running Spillway (default: from the configuration, http://127.0.0.1:3000)')
      .option('--detach', 'start and return without following the run')
      .option('--duration <seconds>', 'stop by itself after this long (default 300)', parsePositiveInt)
      .action(async (action: string, flags: DemoFlags, cmd: Command) => {
        if (!['start', 'stop', 'status'].includes(action)) {
          throw new UserError(`unknown demo action "${action}" (start, stop or status)`, 2);
        }
        const base = flags.url ?? defaultUrl(cmd);
        authHeaders = cliAuthHeaders(loadCliConfig(cmd).config.dataDir);
        const out = output(cmd);
        const show = (s: DemoStatus) => out.print(formatDemoLine(s), s);
        const act = action as Action;
        if (act === 'status') return show(await call(base, 'GET'));
        if (act === 'stop') return show(await call(base, 'POST', { action: 'stop' }));
        const started = await call(base, 'POST', {
          action: 'start',
          ...(flags.duration ? { durationSeconds: flags.duration } : {}),
        });
        if (!out.json) {
          process.stdout.write(
            `Demo data goes to ${started.topic} (group ${started.group}) on ${started.cluster}; watch it at ${base}\n`,
          );
        }
        show(flags.detach ? started : await follow(base, out.json ? () => undefined : show));
      });
  },
};
