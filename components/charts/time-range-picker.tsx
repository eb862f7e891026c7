'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTransition } from 'react';
import { RANGE_LABEL, TIME_RANGES } from '@/lib/client/chart-data';
import type { TimeRange } from '@/lib/client/paths';

/** 15 min, 1 h, 24 h, 7 d: kept in the URL (?range=) so a chart view is a deep link. */
export function TimeRangePicker({ value }: { value: TimeRange }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const choose = (range: TimeRange) => {
    const next = new URLSearchParams(params?.toString());
    next.set('range', range);
    startTransition(() => router.replace(`${pathname}?${next.toString()}`, { scroll: false }));
  };
  return (
    <fieldset className="segmented" aria-busy={pending} data-testid="time-range">
      <legend className="visually-hidden">Time range</legend>
      {TIME_RANGES.map((r) => (
        <label key={r} className={r === value ? 'selected' : undefined}>
          <input
            type="radio"
            name="time-range"
            value={r}
            checked={r === value}
            onChange={() => choose(r)}
            data-testid={`range-${r}`}
          />
          <span title={RANGE_LABEL[r]}>{r}</span>
        </label>
      ))}
    </fieldset>
  );
}
