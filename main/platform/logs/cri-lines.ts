// SPDX-License-Identifier: Apache-2.0
/** Splitting a followed container log (requested with timestamps=true) into timestamped lines. */

/** One log line and the time the kubelet stamped on it. */
export interface StampedLine {
  /** RFC 3339 with nanoseconds, as the kubelet sends it. */
  time: string;
  text: string;
}

/** Splits `<RFC3339Nano> <text>` lines; lines without a stamp keep the previous stamp. */
export function parseStamped(lines: string[], previous = ''): StampedLine[] {
  const out: StampedLine[] = [];
  let last = previous;
  for (const line of lines) {
    const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) (.*)$/.exec(line);
    if (m) {
      last = m[1] as string;
      out.push({ time: last, text: m[2] as string });
    } else out.push({ time: last, text: line });
  }
  return out;
}

/**
 * Lines of a resumed stream that were already kept: the kubelet's sinceTime is inclusive and
 * second-granular in places, so a reconnect repeats lines at or before the last kept stamp.
 * Drops lines up to and including the last kept (time, text) pair. A stream is read in batches,
 * and the repeats can span more than one: `done` says whether they are over (the last kept line,
 * or a later one, was in this batch); until then each next batch goes through here too.
 */
export function dropRepeats(lines: StampedLine[], lastKept: StampedLine | undefined): { lines: StampedLine[]; done: boolean } {
  if (!lastKept) return { lines, done: true };
  const i = lines.findIndex((l) => l.time === lastKept.time && l.text === lastKept.text);
  if (i >= 0) return { lines: lines.slice(i + 1), done: true };
  const later = lines.filter((l) => l.time > lastKept.time);
  return { lines: later, done: later.length > 0 };
}
