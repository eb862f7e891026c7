import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config';
import { StoreError } from '../store';
import { VERSION } from '../version';
import { commandRegistry } from './commands';
import { EXIT, UserError } from './errors';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

export function buildProgram(io: Io = defaultIo): Command {
  const program = new Command('spillway')
    .description(
      'Lag dashboard and backlog recovery for Kafka, RabbitMQ and an embedded Kafka-compatible broker',
    )
    .version(VERSION, '-v, --version', 'print the version')
    .option('-c, --config <file>', 'config file (default: SPILLWAY_CONFIG, ./spillway.config.json)')
    .option('--kafka <brokers>', 'ad-hoc Kafka cluster HOST:PORT[,HOST:PORT] (replaces configured clusters)')
    .option('--rabbitmq <url>', 'ad-hoc RabbitMQ cluster AMQP_URL (replaces configured clusters)')
    .option('--rabbitmq-management <url>', 'management API URL for --rabbitmq (default http://<host>:15672)')
    .option('--json', 'machine-readable JSON output')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  commandRegistry().registerAll(program);
  for (const sub of program.commands)
    sub.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  return program;
}

/** Runs the CLI and returns the process exit code. User mistakes print one line on stderr, no stack. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const program = buildProgram(io);
  if (argv.length <= 2) {
    program.outputHelp();
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version "errors" are successful exits; commander already printed the message otherwise.
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      ) {
        return EXIT.ok;
      }
      return EXIT.usage;
    }
    if (err instanceof ConfigError) {
      io.err(`spillway: invalid configuration (${err.source}):\n${indent(err.message)}\n`);
      return err.exitCode;
    }
    if (err instanceof UserError || err instanceof StoreError || isNamed(err, 'StartError', 'BuildError')) {
      io.err(`spillway: ${err.message}\n`);
      return err instanceof UserError ? err.exitCode : EXIT.failure;
    }
    const e = err as Error;
    io.err(`spillway: unexpected error: ${e?.message ?? String(err)}\n`);
    if (process.env.SPILLWAY_DEBUG && e?.stack) io.err(`${e.stack}\n`);
    return EXIT.failure;
  }
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

/** Errors of lazily loaded modules are recognised by name, so main.ts need not import those modules. */
function isNamed(err: unknown, ...names: string[]): err is Error {
  return err instanceof Error && names.includes(err.name);
}
