/**
 * gzip (Kafka codec 1) batch sections, through node:zlib with its output capped at the batch limit; zlib's
 * errors become Corrupt, its "buffer too large" TooLarge.
 */
import { gunzipSync } from 'node:zlib';
import { Corrupt, TooLarge } from './output';

export function gunzip(data: Buffer, limit: number): Buffer {
  try {
    return gunzipSync(data, { maxOutputLength: limit });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new TooLarge();
    throw new Corrupt((err as Error).message);
  }
}
