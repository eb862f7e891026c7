import type { ReactNode } from 'react';
import type { SortValue } from '@/lib/client/table';

/** One column of a DataTable: how to render a cell, and optionally how to sort and search it. */
export interface Column<R> {
  id: string;
  header: string;
  cell: (row: R) => ReactNode;
  /** Present = sortable by this value (null sorts last). */
  sortValue?: (row: R) => SortValue;
  /** Sort descending on the first click (numbers such as lag); default ascending. */
  descFirst?: boolean;
  /** Text the filter box searches; columns without it are not searched. */
  filterText?: (row: R) => string;
  /** CSS grid track, e.g. `minmax(12rem, 2fr)` or `7rem`. */
  width: string;
  align?: 'left' | 'right';
}
