/** Storage chosen by URL (STYLE 3): `file:///path` or a plain path, or `memory://`. */
import { fileURLToPath } from 'node:url';
import { KafkaProtocolError } from '../errors';
import { FileLogManager, type LogManagerOptions } from './log-manager';
import { MemoryLogManager } from './memory-manager';
import type { LogManager } from './types';

export async function openLogManager(location: string, options: LogManagerOptions = {}): Promise<LogManager> {
  if (location.startsWith('memory:')) return new MemoryLogManager(options);
  if (location.startsWith('file://')) return FileLogManager.open(fileURLToPath(location), options);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    throw new KafkaProtocolError('KAFKA_STORAGE_ERROR', `unsupported storage URL '${location}'`);
  }
  return FileLogManager.open(location, options);
}
