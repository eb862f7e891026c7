'use client';

import { useEffect, useState } from 'react';

/** The current time, re-rendered every `everyMs` (ages such as "updated 3s ago" keep moving). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
}
