import { describe, expect, it } from 'vitest';
import { filterRows, nextSort, sortRows } from './table';

interface Row {
  name: string;
  lag: number | null;
}

const rows: Row[] = [
  { name: 'orders-10', lag: 5 },
  { name: 'orders-2', lag: null },
  { name: 'billing', lag: 50 },
  { name: 'Audit', lag: 5 },
];

describe('sortRows', () => {
  it('sorts numbers both ways with unknown values last', () => {
    expect(sortRows(rows, (r) => r.lag, true).map((r) => r.name)).toEqual([
      'billing',
      'orders-10',
      'Audit',
      'orders-2',
    ]);
    expect(sortRows(rows, (r) => r.lag, false).map((r) => r.name)).toEqual([
      'orders-10',
      'Audit',
      'billing',
      'orders-2',
    ]);
  });

  it('sorts names naturally and case-insensitively', () => {
    expect(sortRows(rows, (r) => r.name, false).map((r) => r.name)).toEqual([
      'Audit',
      'billing',
      'orders-2',
      'orders-10',
    ]);
  });

  it('does not modify its input', () => {
    const copy = [...rows];
    sortRows(rows, (r) => r.lag, true);
    expect(rows).toEqual(copy);
  });

  it('handles 10,000 rows: ordered, nothing lost', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({
      name: `group-${i}`,
      lag: i % 7 === 0 ? null : (i * 7919) % 10_007,
    }));
    const sorted = sortRows(many, (r) => r.lag, true);
    expect(sorted).toHaveLength(10_000);
    const known = sorted.filter((r) => r.lag !== null).map((r) => r.lag as number);
    for (let i = 1; i < known.length; i++) expect(known[i - 1]).toBeGreaterThanOrEqual(known[i] as number);
    expect(sorted.slice(known.length).every((r) => r.lag === null)).toBe(true);
    expect(filterRows(many, 'group-999', (r) => r.name).map((r) => r.name)).toEqual([
      'group-999',
      'group-9990',
      'group-9991',
      'group-9992',
      'group-9993',
      'group-9994',
      'group-9995',
      'group-9996',
      'group-9997',
      'group-9998',
      'group-9999',
    ]);
  });
});

describe('filterRows', () => {
  it('keeps rows containing every word, case-insensitively', () => {
    expect(filterRows(rows, 'ORDERS 10', (r) => r.name).map((r) => r.name)).toEqual(['orders-10']);
    expect(filterRows(rows, '  ', (r) => r.name)).toHaveLength(4);
    expect(filterRows(rows, 'nothing', (r) => r.name)).toEqual([]);
  });
});

describe('nextSort', () => {
  it('starts a new column in its default direction and flips on the next click', () => {
    const first = nextSort(null, 'lag', true);
    expect(first).toEqual({ column: 'lag', desc: true });
    expect(nextSort(first, 'lag', true)).toEqual({ column: 'lag', desc: false });
    expect(nextSort(first, 'name', false)).toEqual({ column: 'name', desc: false });
  });
});
