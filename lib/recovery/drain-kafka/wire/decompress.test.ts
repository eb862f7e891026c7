/**
 * decompressBatchRecords as a whole: gzip and the codec byte, seeded fuzzing of every codec, whole batches
 * from kafka-clients and kcat through readSourceBatches, and round trips through the lz4 and zstd tools.
 * Each codec's own cases are in codecs/*.test.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { computeBatchCrc, OFF_CRC, writeInt64 } from '../../../broker/log/batch';
import {
  HELLO,
  hex,
  LZ4_HELLO,
  LZ4_HELLO_BX,
  lz4,
  MiB,
  prng,
  RAW_HELLO,
  sample,
  XERIAL_HELLO,
  ZSTD_HELLO,
  zstd,
} from './codecs/test-fixtures';
import { decompressBatchRecords, MAX_BATCH_RECORDS_BYTES } from './decompress';
import { readSourceBatches, type SourceRecord } from './source-batches';

// ------------------------------------------------------------------------------ known batches
// Made by the reference clients, kafka-clients 3.9.1 and kcat 1.7.1 (librdkafka 2.0.2); the single-codec
// vectors are in codecs/test-fixtures.ts.

/** Whole batches written by kafka-clients 3.9.1 (MemoryRecords.withRecords; see javaRecords). */
const JAVA_BATCHES: Record<'snappy' | 'lz4' | 'zstd', string> = {
  snappy: [
    '00000000000001f4000002b5ffffffff02da78557c00020000001d0000018bcfe568000000018bcfe5681dffffffffff',
    'ffffffffffffffffff0000001e82534e4150505900000000010000000100000270be0f7826000000011076616c75652d',
    '302d020268046e302c0002020a6b65792d3116091924312d6162630032000404051704321c091700320117011a0c4200',
    '0606051a043322091a00330d1a08616263055310333e000808052204342809220034192201420c44000a0a052004302e',
    '0920003532200001230c54000c0c0523043134092300363e2300116e183646000e0e013a092600374a2600014f0c5600',
    '1010054f04334009290038562900012c0c66001212052c043446092c0039622c0000610df2103964001414053404304e',
    '09340431306e350001670c6a00161605330431540d3325790461626e030010007c001818053604325a0d363198763900',
    '28020268066e313276001a1a053f0433600d3f3dbd764200180072001c1c01660d3736d2017a3a00108e01001e1e0577',
    '04306c0d4042f20176430009bf1435880100202005490431720d494e1802764c00018f04222205460432780d4600377a',
    'ae015252001400a001002424054904337e0d49665802524300151509e114389c010026260552083484010d53727f0215',
    '415209001400a201002828055004308a0d5000327e9a02524a0015151c00aa01002a2a0190114e8ab502153c52090005',
    'fa183231ae01002c2c05aa043296115c96db0252560015151400b401002e2e055904339c1159a2f50215475209001400',
    'c601003030055c0434a2115cae1a035256001515291a1434c00100323205650430a81165ba3f03155352090001c70434',
    '3405620431ae1162c65803525c0015151400d80100363605650432b41165d27703155352090029351c37c80100383801',
    'ba1169de9703526300151501d4043a3a05d40434c0116beaaf0315595209000000',
  ].join(''),
  lz4: [
    '00000000000001f4000002c4ffffffff02e98b9aef00030000001d0000018bcfe568000000018bcfe5681dffffffffff',
    'ffffffffffffffffff0000001e04224d1860408284020000f21026000000011076616c75652d302d020268046e302c00',
    '02020a6b65792d31161900a1312d6162630032000404170022321c170010321700001a0041420006061a002233221a00',
    '13331a0031616263530051333e00080822002234282200163422000042004144000a0a200022302e2000193520000023',
    '004154000c0c230022313423001c362300046e00723646000e0e013a26001f37260000004f0041560010104f00223340',
    '29001f38290003002c0041660012122c002234462c001f392c0006048400513964001414340022304e34002f31303500',
    '09006700416a001616330023315433000179010f03000b51007c001818360023325a36000498010f39000bb102026806',
    '6e313276001a1a3f002333603f0007bd010f42000b730072001c1c016637000ad2010f3a000c518e01001e1e77002330',
    '6c40000df2010f43000b02bf0061358801002020490023317249000f1802010f4c000b61008e01002222460023327846',
    '000f3802040f49000c51a001002424490023337e49000f5802070f4c000b02e10061389c010026265200333484015300',
    '0f7f020a0f56000b6100a201002828500023308a50001f329a020d0f53000c74aa01002a2a01904e000fb502100f5100',
    '0b01fa00713231ae01002c2caa002432965c000fdb02130f5f000b6100b401002e2e590024339c59000ff502160f5c00',
    '0c51c6010030305c002434a25c000f1a03190f5f000b021a016134c00100323265002430a865000f3f031c0f68000b61',
    '00c60100343462002431ae62000f58031f0f65000c51d80100363665002432b465000f7703220f68000b0235018437c8',
    '0100383801ba69000f9703250f6c000b6100d801003a3ad4002434c06b000faf03280f6e000750636162630000000000',
  ].join(''),
  zstd: [
    '00000000000001f400000218ffffffff028b8acf3700040000001d0000018bcfe568000000018bcfe5681dffffffffff',
    'ffffffffffffffffff0000001e28b52ffd0058dc0e009613463730a54c3ac0305bead591092996433cc2b66809f63c75',
    '8a3120b6d7978d2f1c44a4e0134208d95bde8c0200020010008000404802884c013800380038008fc747ef40d1e138c1',
    '6987361a0f98d7d6a999dbf6815f5bfbd29af6feb5959314c93990161c59f64f4469a62ce322476238555584ff730225',
    'be5c9efab575224c8be5aa96a8ad0fba52f9c3afad722429942bfcda1a65419c4c9e1086222a91bc745060462237f817',
    '6208e422cfa332fdf99c5bb26557b0c773cef8b535f644ec74ceac871c41399cf30a0421e66673bef81a5aa3f1523293',
    '394b7412b599b2ac3b450ce64c7119bfb65e5bc3170d85ceb183001804cf01becfd59e778edd6b494acfb0778d11bbcf',
    '2fda9445633cc3e66a824067d7afad6d1167a8e13c5202ab51d2be0130031119ce0312a030aaa4c6102102428880489c',
    '4412884412880415180fff90bcdaacc000416f12689c4efe47a26783a9de37910d13263e60f37b217438829ca3e22931',
    '40ebe6777ae77a6b0ecc43e7fbb9a678b231323edc4822373f1acd1cfa96c3465549d9704e98920b6b947ac4f4f252cd',
    '796b88f8fa0b21ab5ccc676637234dad7ec666d8d5dfc1c3f8ce6bc7ea36d26713f3727eb6c61e24f3c6deaffa17d1af',
    '70eabfc72aa8026d6a10fc94959a3dac0a010000',
  ].join(''),
};
/** Whole batches written by kcat 1.7.1 / librdkafka 2.0.2 (see kcatRecords), as Apache Kafka served them. */
const KCAT_BATCHES: Record<'snappy' | 'lz4' | 'zstd', string> = {
  snappy: [
    '0000000000000000000000ea0000000002418ce62600020000000b000001a20d0a0a13000001a20d0a0a13ffffffffff',
    'ffffffffffffffffff0000000cb402a816000000046b300676302d0028000002046b311876312d7370696c6c77617920',
    '003a000004046b322a76321915191e244c000006046b333c76334a1e0019272416000008046b340676340566180a046b',
    '3018763519330166180c046b312a76361915193f244c00000e046b323c76374a1e0019272416000010046b3306763805',
    '661812046b3418763919332c003c000014046b302c76313019161940244e000016046b313e76313d01151f247370696c',
    '6c7761792000',
  ].join(''),
  lz4: [
    '0000000000000000000000ff0000000002da8410d500030000000b000001a20d0a0adf000001a20d0a0adfffffffffff',
    'ffffffffffffffffff0000000c04224d18604082bf000000f61c16000000046b300676302d0028000002046b31187631',
    '2d7370696c6c77617920003a000004046b322a76321500061e00af4c000006046b333c76331e0000062700a116000008',
    '046b340676346600760a046b301876353300006600760c046b312a76361500063f00af4c00000e046b323c76371e0000',
    '062700a116000010046b3306763866007612046b341876393300c6003c000014046b302c7631301600064000a74e0000',
    '16046b313e76310101051f00a07370696c6c776179200000000000',
  ].join(''),
  zstd: [
    '0000000000000000000000c00000000002daef228200040000000b000001a20d0a0b9f000001a20d0a0b9fffffffffff',
    'ffffffffffffffffff0000000c28b52ffd0058350400b2c7181b606f3aa0fe796106c11199fc41b51bd1f8198d6f8b20',
    '14b2a3570abc47ce5de484edae68ee81941e67916b705c416ea171e971098c37e70e1667cd154457911b2017a14b90ab',
    '48099f378f5b124244868299a68ae5e2dcd9b9003241a75d3597e40a0d002c0f08d6f032933c30032e0370036a03d2a4',
    '4138284250c9594a186eb30c',
  ].join(''),
};

/** The records JAVA_BATCHES hold: SimpleRecord(1_700_000_000_000 + i, key, value, headers), offsets 500-529. */
function javaRecords() {
  return Array.from({ length: 30 }, (_, i) => ({
    offset: 500 + i,
    timestamp: 1_700_000_000_000 + i,
    key: i % 7 === 0 ? null : `key-${i % 5}`,
    value: `value-${i}-${'abc'.repeat(i)}`,
    headerCount: i % 3 === 0 ? 1 : 0,
    // one header h=n<i>: zigzag varint lengths (1 -> 0x02, 2 -> 0x04, 3 -> 0x06)
    headers:
      i % 3 === 0
        ? `0268${(2 * (1 + String(i).length)).toString(16).padStart(2, '0')}${Buffer.from(`n${i}`).toString('hex')}`
        : '',
  }));
}

/** What kcat -K: was given for KCAT_BATCHES: 12 lines, offsets 0-11. */
function kcatRecords() {
  return Array.from({ length: 12 }, (_, i) => ({
    offset: i,
    key: `k${i % 5}`,
    value: `v${i}-${'spillway '.repeat(i % 4)}`,
    headerCount: 0,
  }));
}

const plain = (r: SourceRecord) => ({
  offset: r.offset,
  key: r.key === null ? null : r.key.toString(),
  value: r.value === null ? null : r.value.toString(),
  headerCount: r.headerCount,
});

// ------------------------------------------------------------------------------------- tests

describe('gzip and the codec byte', () => {
  it('reads gzip, refuses corrupt gzip and gzip bombs', () => {
    expect(decompressBatchRecords(1, gzipSync(HELLO), 9).toString()).toBe(HELLO);
    expect(() => decompressBatchRecords(1, Buffer.from('not gzip'), 9)).toThrow(
      /^corrupt gzip batch at offset 9: /,
    );
    const bomb = gzipSync(Buffer.alloc(MAX_BATCH_RECORDS_BYTES + 1));
    expect(bomb.length).toBeLessThan(100_000);
    expect(() => decompressBatchRecords(1, bomb, 9)).toThrow(
      /^gzip batch at offset 9 decompresses to more than 67108864 bytes/,
    );
  });

  it('returns uncompressed sections as they are and refuses unknown codecs', () => {
    const b = Buffer.from('records');
    expect(decompressBatchRecords(0, b, 9)).toBe(b);
    expect(() => decompressBatchRecords(5, b, 9)).toThrow(
      'batch at offset 9 has an unknown compression codec 5',
    );
  });
});

describe('malformed input never escapes as anything but a clear error', () => {
  const CLEAR =
    /^(corrupt (snappy|lz4|zstd) batch at offset 9: |(snappy|lz4|zstd) batch at offset 9 decompresses to more than)/;
  const section = (batch: string) => hex(batch).subarray(61);
  const inputs: Array<[number, Buffer]> = [
    [2, XERIAL_HELLO],
    [2, RAW_HELLO],
    [2, section(JAVA_BATCHES.snappy)],
    [2, section(KCAT_BATCHES.snappy)],
    [3, LZ4_HELLO],
    [3, LZ4_HELLO_BX],
    [3, section(JAVA_BATCHES.lz4)],
    [3, section(KCAT_BATCHES.lz4)],
    [4, ZSTD_HELLO],
    [4, section(JAVA_BATCHES.zstd)],
    [4, section(KCAT_BATCHES.zstd)],
  ];

  it('random byte changes, cuts and insertions (seeded)', () => {
    const rnd = prng(20240601);
    const pick = (n: number) => Math.floor(rnd() * n);
    for (const [codec, original] of inputs) {
      for (let round = 0; round < 600; round++) {
        let data = Buffer.from(original);
        const edits = 1 + pick(3);
        for (let e = 0; e < edits; e++) {
          const kind = pick(4);
          const at = pick(data.length);
          if (kind === 0) data[at] = pick(256);
          else if (kind === 1) data[at] = (data[at] as number) ^ (1 << pick(8));
          else if (kind === 2) data = data.subarray(0, at);
          else data = Buffer.concat([data.subarray(0, at), Buffer.from([pick(256)]), data.subarray(at)]);
        }
        try {
          const out = decompressBatchRecords(codec, data, 9, MiB);
          expect(out.length).toBeLessThanOrEqual(MiB);
        } catch (err) {
          expect((err as Error).message).toMatch(CLEAR);
        }
      }
    }
  });

  it('random garbage', () => {
    const rnd = prng(7);
    for (let round = 0; round < 3000; round++) {
      const data = Buffer.from(Array.from({ length: Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256)));
      const codec = 2 + (round % 3);
      // the frame magics, so the frame decoders see garbage too
      if (round % 6 === 1 && data.length >= 4) data.writeUInt32LE(0x184d2204, 0);
      if (round % 6 === 2 && data.length >= 4) data.writeUInt32LE(0xfd2fb528, 0);
      try {
        decompressBatchRecords(codec, data, 9, MiB);
      } catch (err) {
        expect((err as Error).message).toMatch(CLEAR);
      }
    }
  });
});

describe('readSourceBatches on batches written by the Kafka clients', () => {
  for (const codec of ['snappy', 'lz4', 'zstd'] as const) {
    it(`kafka-clients (Java) ${codec} batch: every record, timestamp and header`, () => {
      const batch = hex(JAVA_BATCHES[codec]);
      expect(batch.readInt16BE(21) & 7).toBe({ snappy: 2, lz4: 3, zstd: 4 }[codec]);
      const read = readSourceBatches(batch, 0, null);
      expect(read.nextOffset).toBe(530);
      const want = javaRecords();
      expect(read.records.map(plain)).toEqual(
        want.map(({ offset, key, value, headerCount }) => ({ offset, key, value, headerCount })),
      );
      expect(read.records.map((r) => r.timestamp)).toEqual(want.map((w) => w.timestamp));
      expect(read.records.map((r) => r.headers.toString('hex'))).toEqual(want.map((w) => w.headers));
      // from the middle of the batch
      expect(readSourceBatches(batch, 510, null).records.map((r) => r.offset)).toEqual(
        want.slice(10).map((w) => w.offset),
      );
    });

    it(`kcat (librdkafka) ${codec} batch: every record`, () => {
      const batch = hex(KCAT_BATCHES[codec]);
      expect(batch.readInt16BE(21) & 7).toBe({ snappy: 2, lz4: 3, zstd: 4 }[codec]);
      const read = readSourceBatches(batch, 0, null);
      expect(read.nextOffset).toBe(12);
      expect(read.records.map(plain)).toEqual(kcatRecords());
    });
  }

  it('names the batch of a corrupt compressed section', () => {
    const batch = hex(KCAT_BATCHES.lz4);
    batch.writeInt32BE(0x04224d19, 61); // the frame magic, big-endian: not an lz4 frame
    batch.writeUInt32BE(computeBatchCrc(batch, 0, batch.length), OFF_CRC);
    writeInt64(batch, 0, 42);
    expect(() => readSourceBatches(batch, 0, null)).toThrow(
      /^corrupt lz4 batch at offset 42: byte 0 starts no lz4 frame/,
    );
  });
});

// ------------------------------------------------------------------ round trips with the reference tools

const haveTool = (tool: string) => spawnSync(tool, ['--version']).status === 0;
const missingTools = ['lz4', 'zstd'].filter((tool) => !haveTool(tool));

// Skipped only locally when a tool is missing; under CI (CI=true, which .ci/run sets and where it installs
// both tools) they always run, and a missing tool fails each test that needs it with the message below.
const skipRoundTrips = process.env.CI !== 'true' && missingTools.length > 0;

describe.skipIf(skipRoundTrips)('round trips through the lz4 and zstd tools', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'spillway-decompress-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const SIZES = [0, 1, 15, 1000, 70_000, 300_000, 2_500_000];
  const compress = (tool: string, flags: string[], data: Buffer) => {
    if (missingTools.includes(tool)) {
      throw new Error(
        `the ${tool} tool is not on PATH, and with CI=true the round trips through it may not be skipped ` +
          '(.ci/run installs the Debian packages lz4 and zstd)',
      );
    }
    const file = path.join(dir, 'input');
    writeFileSync(file, data);
    return execFileSync(tool, [...flags, '-q', '-c', file], { maxBuffer: 64 * MiB });
  };

  it.each([
    [[]],
    [['-BD']],
    [['-BX', '-BD', '-B4']],
    [['-B5', '--no-frame-crc']],
    [['-B6', '-BX']],
    [['-B7', '--content-size', '-9']],
    [['--no-content-size', '-1']],
  ])('lz4 %j', (flags) => {
    for (const [i, size] of SIZES.entries()) {
      const data = sample(size, i + 1);
      expect(lz4(compress('lz4', flags, data)).equals(data), `${size} bytes`).toBe(true);
    }
  });

  it.each([
    [[]],
    [['-1']],
    [['-19', '--no-check']],
    [['--long=24']],
    [['--no-content-size']],
    [['-3', '--content-size']],
  ])('zstd %j', (flags) => {
    for (const [i, size] of SIZES.entries()) {
      const data = sample(size, i + 1);
      expect(zstd(compress('zstd', flags, data)).equals(data), `${size} bytes`).toBe(true);
    }
  });
});
