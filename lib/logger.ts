/**
 * A small structured logger: `time LEVEL scope message key=value` on stderr, or JSON lines with
 * SPILLWAY_LOG_FORMAT=json. Level from SPILLWAY_LOG_LEVEL (debug|info|warn|error, default info).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(scope: string): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  json?: boolean;
  write?: (line: string) => void;
}

function fmtValue(v: string | number | boolean | null): string {
  const s = String(v);
  return /[\s"=]/.test(s) ? JSON.stringify(s) : s;
}

export function createLogger(scope: string, opts: LoggerOptions = {}): Logger {
  const envLevel = process.env.SPILLWAY_LOG_LEVEL as LogLevel | undefined;
  const level = opts.level ?? (envLevel && envLevel in ORDER ? envLevel : 'info');
  const json = opts.json ?? process.env.SPILLWAY_LOG_FORMAT === 'json';
  const write = opts.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const emit = (lvl: LogLevel, msg: string, fields: LogFields = {}) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const time = new Date().toISOString();
    const entries = Object.entries(fields).filter(
      (e): e is [string, string | number | boolean | null] => e[1] !== undefined,
    );
    if (json) {
      write(JSON.stringify({ time, level: lvl, scope, msg, ...Object.fromEntries(entries) }));
    } else {
      const kv = entries.map(([k, v]) => `${k}=${fmtValue(v)}`).join(' ');
      write(`${time} ${lvl.toUpperCase().padEnd(5)} ${scope} ${msg}${kv ? ` ${kv}` : ''}`);
    }
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (sub) => createLogger(`${scope}.${sub}`, { level, json, write }),
  };
}
