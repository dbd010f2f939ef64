// SPDX-License-Identifier: Apache-2.0
/**
 * Outputs and texts as the notebook model keeps them: lists of lines joined on load and split
 * as nbformat writes them on save (text/*, JavaScript and SVG bundles; JSON left alone),
 * transient data dropped, the trust flag dropped, and stream text bounded per cell.
 */
import type { MultilineString, NbOutput } from '../../../../shared/notebook/nbformat';
import { dropOldest, splitLines } from './nb-text';

/** At most this much stream text is kept per cell (older text is dropped with a note). */
export const maxStreamCharsPerCell = 5 * 1024 * 1024;

export const joinText = (s: MultilineString | undefined): string => (Array.isArray(s) ? s.join('') : (s ?? ''));
const isJsonMime = (mime: string) => mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json'));
const splitMimes = new Set(['application/javascript', 'image/svg+xml']);

/** A mime bundle with lists of lines joined (JSON values untouched). */
function joinBundle(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    out[k] = !isJsonMime(k) && Array.isArray(v) && v.every((x) => typeof x === 'string') ? v.join('') : v;
  }
  return out;
}

/** A mime bundle as nbformat writes it (text/*, JavaScript and SVG as lists of lines). */
function splitBundle(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) out[k] = typeof v === 'string' && (k.startsWith('text/') || splitMimes.has(k)) ? splitLines(v) : v;
  return out;
}

export const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Metadata without the trust flag. */
export function untrusted(meta: unknown): Record<string, unknown> {
  const m = { ...asRecord(meta) };
  delete m.trusted;
  return m;
}

/** An output as kept in the model (texts joined). */
export function loadOutput(o: NbOutput): NbOutput {
  switch (o.output_type) {
    case 'stream':
      return { output_type: 'stream', name: o.name === 'stderr' ? 'stderr' : 'stdout', text: joinText(o.text) };
    case 'display_data': {
      const out: NbOutput = { output_type: 'display_data', data: joinBundle(asRecord(o.data)), metadata: asRecord(o.metadata) };
      if (o.transient) out.transient = o.transient;
      return out;
    }
    case 'execute_result':
      return { output_type: 'execute_result', data: joinBundle(asRecord(o.data)), metadata: asRecord(o.metadata), execution_count: o.execution_count ?? null };
    case 'error':
      return {
        output_type: 'error',
        ename: String(o.ename ?? ''),
        evalue: String(o.evalue ?? ''),
        traceback: Array.isArray(o.traceback) ? o.traceback.map(String) : [],
      };
  }
}

/** An output as nbformat writes it (transient data is not stored). */
export function saveOutput(o: NbOutput): NbOutput {
  switch (o.output_type) {
    case 'stream':
      return { output_type: 'stream', name: o.name, text: splitLines(joinText(o.text)) };
    case 'display_data':
      return { output_type: 'display_data', data: splitBundle(o.data), metadata: o.metadata };
    case 'execute_result':
      return { output_type: 'execute_result', data: splitBundle(o.data), metadata: o.metadata, execution_count: o.execution_count };
    case 'error':
      return { output_type: 'error', ename: o.ename, evalue: o.evalue, traceback: o.traceback };
  }
}

export const streamLength = (o: NbOutput) => (o.output_type === 'stream' ? (o.text as string).length : 0);

/** Outputs with at most {@link maxStreamCharsPerCell} of stream text (the oldest text goes first). */
export function capStreams(outputs: NbOutput[]): NbOutput[] {
  const total = outputs.reduce((n, o) => n + streamLength(o), 0);
  if (total <= maxStreamCharsPerCell) return outputs;
  // drop to 90% of the bound so that a steady stream does not trim on every chunk
  let excess = total - Math.floor(maxStreamCharsPerCell * 0.9);
  let carried = 0;
  const out: NbOutput[] = [];
  const lastStream = outputs.reduce((at, o, i) => (o.output_type === 'stream' ? i : at), -1);
  outputs.forEach((o, i) => {
    if (o.output_type !== 'stream' || excess <= 0) {
      out.push(o);
      return;
    }
    const text = o.text as string;
    // a stream that would be dropped whole goes, its count carried to the next stream's note
    if (text.length <= excess && i !== lastStream) {
      excess -= text.length;
      carried += text.length;
      return;
    }
    const next = dropOldest(text, excess, carried);
    carried = 0;
    excess -= next.dropped;
    out.push({ ...o, text: next.text });
  });
  return out;
}
