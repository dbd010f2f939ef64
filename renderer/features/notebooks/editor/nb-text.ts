// SPDX-License-Identifier: Apache-2.0
/**
 * Text rules of notebooks: lines split as Jupyter writes them (Python's `str.splitlines(True)`),
 * stream text appended as Jupyter shows it (a carriage return overwrites the line, a backspace
 * removes the character before it), and a bound on how much stream text a cell keeps.
 */

// the line boundaries of Python's str.splitlines
// eslint-disable-next-line no-control-regex
const lineBreak = /\r\n|[\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029]/g;

/** The lines of a text with their line ends, as `str.splitlines(True)` gives them ('' → []). */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  let last = 0;
  for (const m of text.matchAll(lineBreak)) {
    const end = m.index + m[0].length;
    out.push(text.slice(last, end));
    last = end;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** One line (no '\n') after its carriage returns and backspaces; a trailing '\r' is kept so that the next text overwrites. */
function overwriteLine(line: string): string {
  if (!line.includes('\r') && !line.includes('\b')) return line;
  const buf: string[] = [];
  let cursor = 0;
  for (const ch of line) {
    if (ch === '\r') cursor = 0;
    else if (ch === '\b') {
      if (cursor > 0) {
        buf.splice(cursor - 1, 1);
        cursor--;
      }
    } else {
      buf[cursor] = ch;
      cursor++;
    }
  }
  const s = buf.join('');
  return line.endsWith('\r') && s ? `${s}\r` : s;
}

/**
 * Stream text after `chunk` arrives, as Jupyter shows it: "\r\n" is a line end, '\r' returns to
 * the start of the line (later text overwrites it), '\b' removes the character before it.
 * Only the last line of `prev` can change, so a long stream is not re-read.
 */
export function appendStreamText(prev: string, chunk: string): string {
  if (!chunk.includes('\r') && !chunk.includes('\b') && !prev.endsWith('\r')) return prev + chunk;
  const cut = prev.lastIndexOf('\n') + 1;
  const tail = (prev.slice(cut) + chunk).replace(/\r+\n/g, '\n');
  return prev.slice(0, cut) + tail.split('\n').map(overwriteLine).join('\n');
}

/** The note that starts a stream whose older text was dropped. */
export const droppedNotePrefix = '[MLDeck: ';

const droppedNote = (chars: number) => `${droppedNotePrefix}${chars.toLocaleString('en-US')} earlier characters of this output were dropped]\n`;
const droppedNoteRe = /^\[MLDeck: ([\d,]+) earlier characters of this output were dropped\]\n/;

/**
 * Drops the oldest `excess` characters of a stream text (to a line start when one is near),
 * with a note line saying how many were dropped in all (an earlier note and `carried`, the
 * characters of earlier outputs dropped whole, are counted in).
 * @returns the new text and how many characters of the old text's body were dropped
 */
export function dropOldest(text: string, excess: number, carried = 0): { text: string; dropped: number } {
  let before = carried;
  let body = text;
  const m = droppedNoteRe.exec(text);
  if (m) {
    before += Number((m[1] as string).replace(/,/g, ''));
    body = text.slice(m[0].length);
  }
  let cut = Math.min(body.length, Math.max(0, excess));
  // end the cut at a line start when one is within 4 KiB, so no half line is kept
  const nl = body.indexOf('\n', cut);
  if (cut > 0 && nl >= 0 && nl - cut < 4096) cut = nl + 1;
  if (cut === 0 && before === 0) return { text, dropped: 0 };
  return { text: droppedNote(before + cut) + body.slice(cut), dropped: cut };
}
