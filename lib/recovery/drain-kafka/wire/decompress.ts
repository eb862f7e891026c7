/**
 * Decompresses the records section of a RecordBatch v2 for the drain dispatcher (source-batches.ts), the way
 * Kafka's clients read what their producers write. One decoder per codec under codecs/:
 *
 * - gzip (1): node:zlib (codecs/gzip.ts).
 * - snappy (2): snappy-java (xerial) framing or one raw snappy block (codecs/snappy.ts).
 * - lz4 (3): LZ4 frames, every xxHash32 checksum verified (codecs/lz4.ts, codecs/xxhash32.ts).
 * - zstd (4): zstd frames through fzstd, its headers checked first (codecs/zstd.ts).
 *
 * Every decoder is bounds-checked and never loops without consuming input: malformed input throws
 * `corrupt <codec> batch at offset <baseOffset>: <what, at which byte of the section>`. The output of one
 * batch is capped (MAX_BATCH_RECORDS_BYTES), so a small batch claiming a huge output (a decompression bomb)
 * throws instead of allocating. Integrity is the batch CRC-32C's job (checked before this runs); the
 * codecs' own checksums are verified too where the format has them, except zstd's optional content checksum
 * (fzstd does not check it).
 */
import { Compression } from '../../../broker/log/batch';
import { gunzip } from './codecs/gzip';
import { lz4 } from './codecs/lz4';
import { Corrupt, MAX_BATCH_RECORDS_BYTES, TooLarge } from './codecs/output';
import { snappy } from './codecs/snappy';
import { zstd } from './codecs/zstd';

export { MAX_BATCH_RECORDS_BYTES };

const CODEC_NAMES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

/**
 * The records of a batch, decompressed: `data` is the batch's records section (after the 61-byte header),
 * `codec` the compression bits of its attributes, `baseOffset` only names the batch in errors. Returns
 * `data` itself for an uncompressed batch. Throws for malformed input, an unknown codec, or an output over
 * `limit` bytes.
 */
export function decompressBatchRecords(
  codec: number,
  data: Buffer,
  baseOffset: number,
  limit: number = MAX_BATCH_RECORDS_BYTES,
): Buffer {
  const name = CODEC_NAMES[codec];
  try {
    switch (codec) {
      case Compression.none:
        return data;
      case Compression.gzip:
        return gunzip(data, limit);
      case Compression.snappy:
        return snappy(data, limit);
      case Compression.lz4:
        return lz4(data, limit);
      case Compression.zstd:
        return zstd(data, limit);
      default:
        throw new Error(`batch at offset ${baseOffset} has an unknown compression codec ${codec}`);
    }
  } catch (err) {
    if (err instanceof TooLarge) {
      throw new Error(
        `${name} batch at offset ${baseOffset} decompresses to more than ${limit} bytes, the limit for one batch`,
      );
    }
    if (err instanceof Corrupt)
      throw new Error(`corrupt ${name} batch at offset ${baseOffset}: ${err.message}`);
    throw err;
  }
}
