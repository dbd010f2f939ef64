// SPDX-License-Identifier: Apache-2.0
/** The time, moved on every few seconds, for pages whose text depends on it (ages, durations, "running for"). */
import { useEffect, useState } from 'react';

/**
 * `Date.now()`, re-read every `everyMs` while mounted.
 * @param everyMs - how often the time moves on (5 s by default)
 */
export function useNow(everyMs = 5000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
