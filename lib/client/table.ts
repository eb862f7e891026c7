// Pure sorting and filtering for the dashboard's tables, kept apart from React so that 10,000-row cases
// are unit-tested. Unknown values (null) always sort last, whichever the direction.

export type SortValue = number | string | null;

export interface SortSpec {
  column: string;
  desc: boolean;
}

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { numeric: true, sensitivity: 'base' });
}

/** A sorted copy: stable, nulls last in both directions. */
export function sortRows<R>(rows: readonly R[], value: (row: R) => SortValue, desc: boolean): R[] {
  const keyed = rows.map((row, index) => ({ row, index, v: value(row) }));
  keyed.sort((x, y) => {
    const xn = x.v === null || (typeof x.v === 'number' && Number.isNaN(x.v));
    const yn = y.v === null || (typeof y.v === 'number' && Number.isNaN(y.v));
    if (xn || yn) return xn === yn ? x.index - y.index : xn ? 1 : -1;
    const c = compareValues(x.v, y.v);
    return c === 0 ? x.index - y.index : desc ? -c : c;
  });
  return keyed.map((k) => k.row);
}

/**
 * Rows whose text contains every word of `query` (case-insensitive). `text` gives the searchable text of a
 * row; an empty query keeps everything.
 */
export function filterRows<R>(rows: readonly R[], query: string, text: (row: R) => string): R[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((row) => {
    const t = text(row).toLowerCase();
    return words.every((w) => t.includes(w));
  });
}

/** The next sort after a click on `column`: a new column sorts by its default direction, then flips. */
export function nextSort(current: SortSpec | null, column: string, defaultDesc: boolean): SortSpec {
  if (current?.column === column) return { column, desc: !current.desc };
  return { column, desc: defaultDesc };
}
