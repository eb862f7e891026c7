import type { Command } from 'commander';
import { createLogger } from '../../logger';
import { loadCliConfig } from '../context';
import { UserError } from '../errors';
import { parsePort } from '../parse';
import type { CommandModule } from '../registry';
import { waitForSignal } from '../signals';

interface StartFlags {
  port?: number;
  host?: string;
  tlsCert?: string;
  tlsKey?: string;
  insecureAllowRemote?: boolean;
}

export const startCommand: CommandModule = {
  name: 'start',
  summary: 'run the dashboard with its background services (embedded broker, sampler, job runner)',
  register(program) {
    program
      .command('start')
      .summary(this.summary)
      .description(
        'Run the Spillway process: the production dashboard and JSON API, plus the embedded broker, sampler and job runner.\n' +
          'Builds the dashboard first if no production build exists. Stops cleanly on SIGINT/SIGTERM.',
      )
      .option('-p, --port <port>', 'dashboard port (default: PORT, config server.port, 3000)', parsePort)
      .option('--host <host>', 'dashboard bind address (default: config server.host, 127.0.0.1)')
      .option(
        '--tls-cert <file>',
        'serve HTTPS with this PEM certificate (with --tls-key; config server.tls)',
      )
      .option('--tls-key <file>', 'the PEM private key for --tls-cert')
      .option('--insecure-allow-remote', 'allow a non-loopback --host without TLS (prints a warning)')
      .action(async (flags: StartFlags, cmd: Command) => {
        const { config, source } = loadCliConfig(cmd);
        if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey))
          throw new UserError('--tls-cert and --tls-key go together', 2);
        const log = createLogger('spillway');
        // Handlers go in first: a SIGTERM during or right after startup still shuts down cleanly.
        const stopRequested = waitForSignal(log);
        const { startSpillway } = await import('../../runtime/server');
        const running = await startSpillway({
          config,
          configSource: source,
          host: flags.host ?? config.server.host,
          port: flags.port ?? config.server.port,
          log,
          ...(flags.tlsCert && flags.tlsKey ? { tls: { cert: flags.tlsCert, key: flags.tlsKey } } : {}),
          ...(flags.insecureAllowRemote ? { insecureAllowRemote: true } : {}),
        });
        log.info(`Spillway ready on ${running.url}`, { config: source, data: config.dataDir });
        process.stdout.write(`Spillway is running on ${running.url}\n`);
        const signal = await stopRequested;
        log.info('shutting down', { signal });
        await running.stop();
        log.info('stopped');
      });
  },
};
