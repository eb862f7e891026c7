import { formatCount } from '../lag/format';
import type { Column } from './types';

/** A right-aligned, sortable count column (offsets, sizes): `—`-style formatting for unknown values. */
export function countColumn<R>(
  id: string,
  header: string,
  value: (row: R) => number | null,
  width = '8rem',
): Column<R> {
  return { id, header, width, align: 'right', cell: (r) => formatCount(value(r)), sortValue: value };
}
