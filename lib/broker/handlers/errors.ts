import { errorCode, KafkaProtocolError } from '../errors';
import type { BrokerLogger } from './context';

const STORAGE_CODES = new Set(['EIO', 'ENOSPC', 'EROFS', 'EDQUOT', 'EMFILE', 'ENFILE', 'EBADF']);

/** Maps an error from the log or the coordinator to the code a client gets, logging the unexpected ones. */
export function codeFor(err: unknown, log: BrokerLogger, what: Record<string, string | number>): number {
  if (err instanceof KafkaProtocolError) return err.code;
  const sys = (err as NodeJS.ErrnoException | undefined)?.code;
  if (sys && STORAGE_CODES.has(sys)) {
    log.error('storage error', { ...what, code: sys, error: (err as Error).message });
    return errorCode('KAFKA_STORAGE_ERROR');
  }
  log.error('unexpected error', { ...what, error: (err as Error)?.message ?? String(err) });
  return errorCode('UNKNOWN_SERVER_ERROR');
}

export function messageFor(err: unknown): string | null {
  return err instanceof KafkaProtocolError ? err.message : null;
}
