'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type ReactNode, useDeferredValue, useMemo, useRef, useState } from 'react';
import { filterRows, nextSort, type SortSpec, sortRows } from '@/lib/client/table';
import { formatCount, plural } from '../lag/format';
import type { Column } from './types';

const ROW_HEIGHT = 36;

/** The minimum of a grid track such as `7rem` or `minmax(12rem, 2fr)`, in rem (cell padding included). */
function minRem(track: string): number {
  const m = /(\d+(?:\.\d+)?)rem/.exec(track);
  return m ? Number(m[1]) : 6;
}

export interface DataTableProps<R> {
  rows: readonly R[];
  columns: Column<R>[];
  rowKey: (row: R) => string;
  /** Accessible name of the table. */
  label: string;
  testId: string;
  rowTestId?: (row: R) => string;
  initialSort?: SortSpec;
  filterPlaceholder?: string;
  /** Shown when there are no rows at all (not when the filter hides them). */
  empty: ReactNode;
  /** Height of the scrolling body, px; rows beyond it are virtualized. */
  maxHeight?: number;
}

/**
 * A sortable, filterable table that stays fast with 10,000+ rows: only the rows in view are in the DOM
 * (@tanstack/react-virtual; a real <table> laid out with CSS grid so rows can be positioned). Headers are
 * buttons (Enter/Space sort); from any cell ↑/↓ move between rows, PageUp/PageDown by ten, Home/End jump,
 * and the row's first link gets focus so Enter opens it.
 */
export function DataTable<R>(props: DataTableProps<R>) {
  const { rows, columns, rowKey, label, testId, rowTestId, empty, maxHeight = 520 } = props;
  const [sort, setSort] = useState<SortSpec | null>(props.initialSort ?? null);
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const scrollRef = useRef<HTMLDivElement>(null);
  // The row keyboard focus is moving to (keys pressed faster than a frame build on it, not on the old row).
  const pendingFocus = useRef<number | null>(null);

  const visible = useMemo(() => {
    const searchable = columns.filter((c) => c.filterText);
    const filtered = filterRows(rows, deferredQuery, (r) =>
      searchable.map((c) => c.filterText?.(r)).join(' '),
    );
    const col = sort ? columns.find((c) => c.id === sort.column) : undefined;
    return col?.sortValue && sort ? sortRows(filtered, col.sortValue, sort.desc) : filtered;
  }, [rows, columns, deferredQuery, sort]);

  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  const template = columns.map((c) => c.width).join(' ');
  // Header and body rows share one width (the table's), so `fr` tracks line up; below the columns'
  // minimum the table scrolls sideways.
  const minWidth = `${columns.reduce((n, c) => n + minRem(c.width), 0)}rem`;

  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(visible.length - 1, index));
    pendingFocus.current = target;
    virtualizer.scrollToIndex(target, { align: 'auto' });
    // The row exists once the virtualizer has re-rendered after the scroll: try for a few frames.
    const tryFocus = (framesLeft: number) => {
      const row = scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${target}"]`);
      const focusable = row?.querySelector<HTMLElement>('a, button');
      if (focusable || framesLeft === 0) {
        pendingFocus.current = null;
        focusable?.focus();
        return;
      }
      requestAnimationFrame(() => tryFocus(framesLeft - 1));
    };
    requestAnimationFrame(() => tryFocus(5));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const rowEl = (e.target as HTMLElement).closest<HTMLElement>('[data-row-index]');
    const current = pendingFocus.current ?? (rowEl ? Number(rowEl.dataset.rowIndex) : -1);
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      Home: 0,
      End: visible.length - 1,
      PageDown: current + 10,
      PageUp: current - 10,
    };
    const next = moves[e.key];
    if (next === undefined || visible.length === 0) return;
    e.preventDefault();
    focusRow(next);
  };

  if (rows.length === 0) return <div data-testid={`${testId}-empty`}>{empty}</div>;

  return (
    <div className="data-table" data-testid={testId}>
      <div className="table-tools">
        <input
          type="search"
          className="input"
          placeholder={props.filterPlaceholder ?? 'Filter…'}
          aria-label={`Filter ${label}`}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid={`${testId}-filter`}
        />
        <span className="muted small" data-testid={`${testId}-count`} aria-live="polite">
          {visible.length === rows.length
            ? plural(rows.length, 'row')
            : `${formatCount(visible.length)} of ${plural(rows.length, 'row')}`}
        </span>
      </div>
      {visible.length === 0 ? (
        <p className="muted table-none" data-testid={`${testId}-no-match`}>
          No row matches “{query}”.
        </p>
      ) : null}
      <div ref={scrollRef} className="table-scroll" style={{ maxHeight }}>
        <table
          className="grid-table"
          aria-label={label}
          aria-rowcount={visible.length + 1}
          onKeyDown={onKeyDown}
          style={{ minWidth }}
        >
          <thead>
            <tr className="table-row table-head" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
              {columns.map((c) => {
                const active = sort?.column === c.id;
                const ariaSort = active ? (sort?.desc ? 'descending' : 'ascending') : 'none';
                return (
                  <th
                    key={c.id}
                    scope="col"
                    aria-sort={c.sortValue ? ariaSort : undefined}
                    className={`cell align-${c.align ?? 'left'}`}
                  >
                    {c.sortValue ? (
                      <button
                        type="button"
                        className="sort-button"
                        onClick={() => setSort(nextSort(sort, c.id, c.descFirst ?? false))}
                        data-testid={`${testId}-sort-${c.id}`}
                      >
                        {c.header}
                        <span aria-hidden="true" className="sort-mark">
                          {active ? (sort?.desc ? '▼' : '▲') : '↕'}
                        </span>
                      </button>
                    ) : (
                      c.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody className="table-body" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = visible[item.index] as R;
              return (
                <tr
                  key={rowKey(row)}
                  aria-rowindex={item.index + 2}
                  className="table-row"
                  data-row-index={item.index}
                  data-testid={rowTestId?.(row)}
                  style={{
                    gridTemplateColumns: template,
                    transform: `translateY(${item.start}px)`,
                    height: item.size,
                  }}
                >
                  {columns.map((c) => (
                    <td key={c.id} className={`cell align-${c.align ?? 'left'}`} data-col={c.id}>
                      {c.cell(row)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
