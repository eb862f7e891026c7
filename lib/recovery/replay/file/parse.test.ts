import { describe, expect, it } from 'vitest';
import { csvRecords, formatOf, parseReplayFile } from './parse';

describe('replay file parsing', () => {
  it('reads NDJSON rows and lists malformed lines and missing fields with line numbers', () => {
    const text =
      '{"id":1,"rk":"a"}\n\n{"id":2,"rk":"b"}\n{oops\n{"rk":"c"}\n[1]\n{"id":"3"}\n{"id":1,"rk":"a"}\n';
    const p = parseReplayFile(text, { format: 'ndjson', idField: 'id', keyField: 'rk' });
    expect(p.rows.map((r) => [r.line, r.id, r.key])).toEqual([
      [1, '1', 'a'],
      [3, '2', 'b'],
      [8, '1', 'a'],
    ]);
    expect(p.invalid.map((i) => i.line)).toEqual([4, 5, 6, 7]);
    expect(p.invalid[0]?.error).toMatch(/malformed JSON/);
    expect(p.invalid[1]?.error).toBe('missing id field "id"');
    expect(p.invalid[3]?.error).toBe('missing key field "rk"');
    expect(p.duplicateIds).toBe(1);
  });

  it('reads CSV with quoted commas, quotes and newlines, keeping the starting line of each record', () => {
    const recs = csvRecords('id,note\r\n1,"a, ""b"""\n2,"multi\nline"\n3,plain\n');
    expect(recs).toEqual([
      { line: 1, fields: ['id', 'note'] },
      { line: 2, fields: ['1', 'a, "b"'] },
      { line: 3, fields: ['2', 'multi\nline'] },
      { line: 5, fields: ['3', 'plain'] },
    ]);
    const p = parseReplayFile('id,rk\n1,x\n2\n,y\n', { format: 'csv', idField: 'id', keyField: 'rk' });
    expect(p.rows).toEqual([{ line: 2, id: '1', key: 'x', record: { id: '1', rk: 'x' } }]);
    expect(p.invalid).toEqual([
      { line: 3, error: '1 field(s), the header has 2' },
      { line: 4, error: 'missing id field "id"' },
    ]);
  });

  it('knows formats by extension', () => {
    expect(formatOf('a.NDJSON')).toBe('ndjson');
    expect(formatOf('a.jsonl')).toBe('ndjson');
    expect(formatOf('a.csv')).toBe('csv');
    expect(() => formatOf('a.txt')).toThrow(/expected a .ndjson/);
  });
});
