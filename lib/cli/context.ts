import type { Command } from 'commander';
import { type LoadedConfig, loadConfig } from '../config';

/** The global flags every command accepts. */
export interface GlobalOptions {
  config?: string;
  kafka?: string;
  rabbitmq?: string;
  rabbitmqManagement?: string;
  json?: boolean;
}

export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

/** Loads the configuration the way every command does: --config / SPILLWAY_CONFIG / cwd, plus ad-hoc flags. */
export function loadCliConfig(cmd: Command): LoadedConfig {
  const g = globalOptions(cmd);
  return loadConfig({
    ...(g.config ? { configFile: g.config } : {}),
    ...(g.kafka ? { kafka: g.kafka } : {}),
    ...(g.rabbitmq ? { rabbitmq: g.rabbitmq } : {}),
    ...(g.rabbitmqManagement ? { rabbitmqManagement: g.rabbitmqManagement } : {}),
  });
}

export interface Output {
  json: boolean;
  /** Writes a value as JSON (with --json) or the human text. */
  print(human: string, value?: unknown): void;
}

export function output(cmd: Command): Output {
  const json = Boolean(globalOptions(cmd).json);
  return {
    json,
    print(human, value) {
      process.stdout.write(json && value !== undefined ? `${JSON.stringify(value)}\n` : `${human}\n`);
    },
  };
}
