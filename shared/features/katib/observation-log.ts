// SPDX-License-Identifier: Apache-2.0
/**
 * A trial's observation log read from its pods' output, as Katib's StdOut (and File, text
 * format) metrics collector reads it: every `<name>=<value>` pair that matches the collector's
 * default filter `([\w|-]+)\s*=\s*([+-]?\d*(\.\d+)?([Ee][+-]?\d+)?)` and names one of the
 * experiment's metrics is one observation, timed by the log line. Katib keeps these in its
 * database (katib-db-manager); MLDeck parses the pod logs it kept, so the log outlives the pods.
 */

/** One observation: a metric's value at a time (and its report number for that metric, from 1). */
export interface Observation {
  metric: string;
  value: number;
  time: string;
  step: number;
}

const filter = /([\w|-]+)\s*=\s*([+-]?\d*(\.\d+)?([Ee][+-]?\d+)?)/g;

/** The observations in log lines (oldest first), for the given metric names only. */
export function parseObservationLog(lines: readonly { time: string; text: string }[], metricNames: readonly string[]): Observation[] {
  const wanted = new Set(metricNames);
  const steps = new Map<string, number>();
  const out: Observation[] = [];
  for (const line of lines) {
    for (const m of line.text.matchAll(filter)) {
      const name = m[1] ?? '';
      if (!wanted.has(name) || !m[2]) continue;
      const value = Number(m[2]);
      if (!Number.isFinite(value)) continue;
      const step = (steps.get(name) ?? 0) + 1;
      steps.set(name, step);
      out.push({ metric: name, value, time: line.time, step });
    }
  }
  return out;
}
