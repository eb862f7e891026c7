import { readFileSync } from 'node:fs';
import path from 'node:path';
import { embeddedSaslUsers, fsyncPolicy } from '../../config';
import { createLogger } from '../../logger';
import { UserError } from '../errors';
import { parsePort, parsePositiveInt } from '../parse';
import type { CommandModule } from '../registry';
import { waitForSignal } from '../signals';

/** Mirrors BROKER_DEFAULTS in lib/broker/server.ts (a unit test keeps them equal). */
export const DEFAULTS = {
  port: 9092,
  host: '127.0.0.1',
  defaultPartitions: 1,
  fsync: 'group',
  maxConnections: 1000,
  maxFrameBytes: 100 * 1024 * 1024,
} as const;

interface BrokerFlags {
  port: number;
  host: string;
  dataDir: string;
  advertisedHost?: string;
  partitions: number;
  autoCreate: boolean;
  fsync: string;
  maxConnections: number;
  maxFrameBytes: number;
  saslUsers?: string;
}

/** The users of `--sasl-users FILE` (a JSON array of {username, password}); errors never quote a password. */
function readSaslUsers(file: string): { username: string; password: string }[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UserError(`--sasl-users: cannot read ${file} (${e.code ?? 'not valid JSON'})`, 2);
  }
  const parsed = embeddedSaslUsers.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.length ? `[${issue.path.join('].')}` : '';
    throw new UserError(`--sasl-users: ${file}${at}: ${issue?.message ?? 'invalid'}`, 2);
  }
  return parsed.data;
}

export const brokerCommand: CommandModule = {
  name: 'broker',
  summary: 'run the embedded Kafka-compatible broker on its own',
  register(program) {
    program
      .command('broker')
      .summary(this.summary)
      .description(
        'Run the embedded Kafka-compatible broker alone (kafkajs, kcat/librdkafka and Java clients work unchanged).\n' +
          'Single node, durable: acknowledged writes are fsynced (group commit) before the reply. Stops cleanly on SIGINT/SIGTERM.',
      )
      .option('-p, --port <port>', 'listen port', parsePort, DEFAULTS.port)
      .option('--host <host>', 'listen address', DEFAULTS.host)
      .option('--data-dir <dir>', 'data directory', path.join('.spillway', 'broker'))
      .option('--advertised-host <host>', 'host clients are told to connect to (default: --host)')
      .option(
        '--partitions <n>',
        'partitions of auto-created topics',
        parsePositiveInt,
        DEFAULTS.defaultPartitions,
      )
      .option('--no-auto-create', 'do not create topics on first use')
      .option('--fsync <policy>', 'group | always | never | interval:<ms>', DEFAULTS.fsync)
      .option('--max-connections <n>', 'connection limit', parsePositiveInt, DEFAULTS.maxConnections)
      .option('--max-frame-bytes <n>', 'largest request accepted', parsePositiveInt, DEFAULTS.maxFrameBytes)
      .option(
        '--sasl-users <file>',
        'require SASL/PLAIN: JSON file with [{"username": "...", "password": "..."}]',
      )
      .action(async (flags: BrokerFlags) => {
        if (!fsyncPolicy.safeParse(flags.fsync).success) {
          throw new UserError(
            `--fsync: expected group, always, never or interval:<ms>, got "${flags.fsync}"`,
            2,
          );
        }
        const saslUsers = flags.saslUsers === undefined ? undefined : readSaslUsers(flags.saslUsers);
        const log = createLogger('broker');
        // Handlers go in first: a SIGTERM right after startup must still close the broker cleanly.
        const stopRequested = waitForSignal(log);
        // Loaded on use so that `spillway --help` stays instant.
        const { createBroker } = await import('../../broker/server');
        let broker: Awaited<ReturnType<typeof createBroker>>;
        try {
          broker = await createBroker({
            dataDir: path.resolve(flags.dataDir),
            host: flags.host,
            port: flags.port,
            ...(flags.advertisedHost ? { advertisedHost: flags.advertisedHost } : {}),
            autoCreateTopics: flags.autoCreate,
            defaultPartitions: flags.partitions,
            fsync: flags.fsync,
            maxConnections: flags.maxConnections,
            maxFrameBytes: flags.maxFrameBytes,
            ...(saslUsers ? { sasl: { mechanism: 'plain', users: saslUsers } } : {}),
            logger: log,
          });
        } catch (err) {
          const e = err as NodeJS.ErrnoException;
          if (e.code === 'EADDRINUSE')
            throw new UserError(`port ${flags.port} on ${flags.host} is already in use`);
          if (e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL')
            throw new UserError(`cannot listen on ${flags.host}:${flags.port} (${e.code})`);
          throw err;
        }
        process.stdout.write(
          `broker listening on ${flags.host}:${broker.port} (cluster ${broker.clusterId})\n`,
        );
        const signal = await stopRequested;
        log.info('shutting down', { signal });
        await broker.close();
      });
  },
};
