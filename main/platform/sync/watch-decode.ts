// SPDX-License-Identifier: Apache-2.0
/**
 * Decoding a watch stream for the sync engine, parsing only what it keeps. The API server
 * writes one event per line as `{"type":"MODIFIED","object":{…}}` (Go's encoding of a
 * WatchEvent), and ObjectMeta's last field is `managedFields`. So each line is split into its
 * type and the object's text, the `"managedFields":[…]` value is cut out of that text (a
 * string-aware bracket match over that value only), and only the rest is given to
 * `JSON.parse`: the server-side-apply bookkeeping, often half of an event, is never parsed,
 * allocated or kept. A line of any other shape is parsed whole and trimmed (trim-object.ts),
 * as is one whose cut would not parse. The text kept is handed on with the object, so the
 * cache stores it as it came instead of serialising the object again.
 */
import { AppError } from '../../../shared/errors';
import type { KubeObject } from '../../../shared/kube/object';
import { ndjsonLines } from '../kube/ndjson';
import type { WatchEvent } from './sync-types';
import { trimObject } from './trim-object';

const HEAD = '{"type":"';
const OBJECT = ',"object":';
const MANAGED = ',"managedFields":[';
const METADATA = '"metadata":{';

/**
 * The object's text without its `managedFields` value, or the text unchanged when it has none
 * (outside a JSON string, the sequence `,"managedFields":[` can only start that member).
 */
export function cutManagedFields(text: string): string {
  const at = text.indexOf(MANAGED);
  if (at < 0) return text;
  const meta = text.indexOf(METADATA);
  if (meta < 0 || meta > at) return text;
  let depth = 0;
  for (let i = at + MANAGED.length - 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: skip to its closing quote, stepping over escapes
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) {
      if (--depth === 0) return text.slice(0, at) + text.slice(i + 1);
    }
  }
  return text; // unbalanced: leave it to JSON.parse to say so
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    // No detail: the line may be a Secret.
    throw new AppError('internal', 'The cluster sent a watch event that is not valid JSON.');
  }
}

/** One line of a watch stream as an event, its object without managedFields. */
export function decodeWatchLine(line: string): WatchEvent {
  if (line.startsWith(HEAD) && line.endsWith('}')) {
    const typeEnd = line.indexOf('"', HEAD.length);
    if (typeEnd > 0 && line.startsWith(OBJECT, typeEnd + 1)) {
      const type = line.slice(HEAD.length, typeEnd) as WatchEvent['type'];
      const text = line.slice(typeEnd + 1 + OBJECT.length, line.length - 1);
      const cut = cutManagedFields(text);
      if (cut !== text) {
        try {
          const object = JSON.parse(cut) as KubeObject;
          if (typeof object.metadata === 'object' && object.metadata !== null && !('managedFields' in object.metadata)) return { type, object, json: cut };
        } catch {
          // not the shape expected: parsed whole below
        }
      } else {
        const object = parseLine(text) as KubeObject;
        // an object without managedFields is kept as sent; a stray one elsewhere is not ours to cut
        if (object === null || typeof object !== 'object' || object.metadata === undefined || !('managedFields' in object.metadata))
          return { type, object, json: text };
        return { type, object: trimObject(object) };
      }
    }
  }
  const ev = parseLine(line) as WatchEvent;
  if (ev !== null && typeof ev === 'object' && ev.object !== null && typeof ev.object === 'object') trimObject(ev.object as KubeObject);
  return ev;
}

/**
 * Splits raw chunks of a watch response into events (lines and UTF-8 characters may be split
 * across chunks).
 * @param onBytes - called with each chunk's size as it arrives (for a silence watchdog)
 * @throws AppError `internal` for a line that is not JSON or is too long
 */
export async function* decodeWatch(source: AsyncIterable<Buffer | string>, onBytes?: (bytes: number) => void): AsyncGenerator<WatchEvent, void, undefined> {
  for await (const line of ndjsonLines(source, onBytes)) yield decodeWatchLine(line);
}
