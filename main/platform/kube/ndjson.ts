// SPDX-License-Identifier: Apache-2.0
/** Splitting a byte stream of newline-delimited JSON (a Kubernetes watch) into lines and objects. */
import { StringDecoder } from 'node:string_decoder';
import { AppError } from '../../../shared/errors';

/** Longest line accepted; a single watch event above this is treated as a broken stream. */
export const MAX_NDJSON_LINE_CHARS = 64 * 1024 * 1024;

/**
 * The non-empty lines of chunked text, handling lines and UTF-8 characters split across chunks.
 * @param source - the raw chunks
 * @param onBytes - called with each chunk's size as it arrives (for a silence watchdog)
 * @throws AppError `internal` for a line that is too long
 */
export async function* ndjsonLines(source: AsyncIterable<Buffer | string>, onBytes?: (bytes: number) => void): AsyncGenerator<string, void, undefined> {
  const decoder = new StringDecoder('utf8');
  // The unfinished line, kept as parts so a large event split over many chunks is joined once.
  let parts: string[] = [];
  let partsLength = 0;
  for await (const chunk of source) {
    onBytes?.(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length);
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl >= 0) {
      const tail = text.slice(start, nl);
      const line = (parts.length > 0 ? parts.join('') + tail : tail).trim();
      parts = [];
      partsLength = 0;
      start = nl + 1;
      if (line !== '') yield line;
      nl = text.indexOf('\n', start);
    }
    if (start < text.length) {
      parts.push(text.slice(start));
      partsLength += text.length - start;
    }
    if (partsLength > MAX_NDJSON_LINE_CHARS) throw new AppError('internal', 'The cluster sent a watch event that is too large.');
  }
  const rest = (parts.join('') + decoder.end()).trim();
  if (rest !== '') yield rest;
}

/**
 * Parses newline-delimited JSON from chunks (see {@link ndjsonLines}).
 * @throws AppError `internal` for a line that is not JSON or is too long
 */
export async function* parseNdjson(source: AsyncIterable<Buffer | string>, onBytes?: (bytes: number) => void): AsyncGenerator<unknown, void, undefined> {
  for await (const line of ndjsonLines(source, onBytes)) {
    try {
      yield JSON.parse(line);
    } catch {
      // No detail: the line may be a Secret.
      throw new AppError('internal', 'The cluster sent a watch event that is not valid JSON.');
    }
  }
}
