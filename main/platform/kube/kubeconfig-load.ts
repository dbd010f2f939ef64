// SPDX-License-Identifier: Apache-2.0
/**
 * Reading kubeconfig text into a {@link LoadedKubeconfig}: size and alias-bomb limits, YAML and
 * schema errors reported with their location, duplicate names rejected (as kubectl does), and
 * relative paths resolved against the file's directory (as kubectl does).
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, isMap, isSeq, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { AppErrorData } from '../../../shared/errors';
import {
  KubeconfigSchema,
  originLabel,
  type Cluster,
  type Context,
  type Kubeconfig,
  type KubeconfigOrigin,
  type LoadedKubeconfig,
  type User,
} from './kubeconfig-model';

export { mergeKubeconfigs, type ContextEntry, type MergedKubeconfig } from './kubeconfig-merge';

/** Files above this size are refused unread; real kubeconfigs are a few kilobytes. */
export const MAX_KUBECONFIG_BYTES = 5 * 1024 * 1024;
/** YAML alias expansions allowed; enough for shared blocks, far too few for a "billion laughs". */
const MAX_ALIAS_COUNT = 32;
/** How many schema problems are listed in an error's detail. */
const MAX_LISTED_PROBLEMS = 20;

/** The outcome of reading one kubeconfig. */
export type KubeconfigParseResult = { ok: true; config: LoadedKubeconfig } | { ok: false; error: AppErrorData };

/** Options for {@link parseKubeconfig}. */
export interface ParseOptions {
  /** Decides the path rules (separators, absolute paths). Defaults to `process.platform`. */
  platform?: NodeJS.Platform;
}

function fail(origin: KubeconfigOrigin, problem: string, detail?: string): KubeconfigParseResult {
  const error: AppErrorData = { code: 'validation', message: `${originLabel(origin)}: ${problem}` };
  if (detail !== undefined) error.detail = detail;
  return { ok: false, error };
}

/** Formats a zod path as `users[2].user.exec.command`. */
export function formatYamlPath(p: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of p) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out === '' ? '(root)' : out;
}

function issueText(issue: z.core.$ZodIssue): string {
  // zod's default messages never include the input value, so no secret can leak here.
  const msg = issue.message.replace(/^Invalid input: /, '');
  return `${formatYamlPath(issue.path)}: ${msg}`;
}

function findDuplicates(cfg: Kubeconfig): string[] {
  const out: string[] = [];
  for (const section of ['clusters', 'users', 'contexts'] as const) {
    const seen = new Map<string, number>();
    cfg[section].forEach((item, i) => {
      const first = seen.get(item.name);
      if (first === undefined) seen.set(item.name, i);
      else out.push(`${section}[${i}].name: duplicate name "${item.name}" (first defined at ${section}[${first}])`);
    });
  }
  return out;
}

/**
 * Parses kubeconfig text.
 * @param text - the YAML (or JSON) text
 * @param origin - where it came from; file origins resolve relative paths against the file's directory
 * @param opts - platform override for tests
 * @returns the parsed config, or a validation error naming the origin and the YAML path of the problem
 */
export function parseKubeconfig(text: string, origin: KubeconfigOrigin, opts: ParseOptions = {}): KubeconfigParseResult {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_KUBECONFIG_BYTES) {
    return fail(origin, `is ${(size / 1048576).toFixed(1)} MiB; kubeconfigs larger than 5 MiB are refused`);
  }
  const lines = new LineCounter();
  // YAML 1.1 matches the Go YAML library kubectl uses (e.g. `yes`/`no` booleans).
  const doc = parseDocument(text, { version: '1.1', lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    // Only positions and the parser's message: pretty errors would quote the line, which may hold a token.
    const at = (e: { pos: [number, number] }) => {
      const lp = lines.linePos(e.pos[0]);
      return `line ${lp.line}, column ${lp.col}`;
    };
    const detail = doc.errors.map((e) => `${at(e)}: ${e.message}`).join('\n');
    return fail(origin, `is not valid YAML (${at(first)}: ${first.message})`, detail);
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    const found = isSeq(doc.contents) ? 'a list' : 'a single value';
    return fail(origin, `the top level must be a mapping (clusters:, users:, contexts:), found ${found}`);
  }
  let data: unknown;
  try {
    data = doc.contents === null ? {} : doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (e instanceof ReferenceError) {
      return fail(origin, 'uses too many YAML aliases (a possible "billion laughs" attack); it was not loaded');
    }
    return fail(origin, `could not be read as YAML (${e instanceof Error ? e.name : 'error'})`);
  }
  const parsed = KubeconfigSchema.safeParse(data);
  if (!parsed.success) {
    const texts = parsed.error.issues.map(issueText);
    const more = texts.length > 1 ? ` (and ${texts.length - 1} more problems)` : '';
    return fail(origin, `${texts[0] ?? 'invalid kubeconfig'}${more}`, texts.slice(0, MAX_LISTED_PROBLEMS).join('\n'));
  }
  const dups = findDuplicates(parsed.data);
  if (dups.length > 0) {
    const more = dups.length > 1 ? ` (and ${dups.length - 1} more)` : '';
    return fail(origin, `${dups[0]}${more}`, dups.join('\n'));
  }
  return { ok: true, config: toLoaded(parsed.data, origin, opts.platform ?? process.platform) };
}

function toLoaded(cfg: Kubeconfig, origin: KubeconfigOrigin, platform: NodeJS.Platform): LoadedKubeconfig {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const dir = origin.kind === 'file' ? p.dirname(origin.path) : undefined;
  // kubectl resolves relative paths against the kubeconfig's directory; pasted text has none, so
  // its relative paths stay as written and are reported as problems later.
  const abs = (v: string | undefined): string | undefined => (v === undefined || v === '' || dir === undefined || p.isAbsolute(v) ? v : p.resolve(dir, v));
  const hasSep = (cmd: string) => cmd.includes('/') || (platform === 'win32' && cmd.includes('\\'));

  const clusters = new Map<string, Cluster>();
  for (const { name, cluster } of cfg.clusters) {
    clusters.set(name, { ...cluster, 'certificate-authority': abs(cluster['certificate-authority']) });
  }
  const users = new Map<string, User>();
  for (const { name, user } of cfg.users) {
    const u: User = {
      ...user,
      tokenFile: abs(user.tokenFile),
      'client-certificate': abs(user['client-certificate']),
      'client-key': abs(user['client-key']),
    };
    if (user.exec && hasSep(user.exec.command)) u.exec = { ...user.exec, command: abs(user.exec.command) ?? '' };
    users.set(name, stripUndefined(u));
  }
  const contexts = new Map<string, Context>();
  for (const { name, context } of cfg.contexts) contexts.set(name, context);
  const loaded: LoadedKubeconfig = { origin, clusters: stripMap(clusters), users, contexts };
  const current = cfg['current-context'];
  if (current) loaded.currentContext = current;
  return loaded;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function stripMap<T extends object>(m: Map<string, T>): Map<string, T> {
  return new Map([...m].map(([k, v]) => [k, stripUndefined(v)]));
}

/**
 * The offset of the first byte that does not belong to a well-formed UTF-8 sequence (the start of
 * the ill-formed sequence), by the rules of the WHATWG decoder (no overlongs, no surrogates,
 * nothing above U+10FFFF), or -1 when every byte is well-formed.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b <= 0x7f) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Strict UTF-8 decoding (a leading BOM is dropped); the problem names the first invalid byte. */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problem: string } {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const at = firstInvalidUtf8Offset(bytes);
    const hex = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
    const hint = utf16 ? '; it looks like UTF-16 text (as Windows PowerShell writes with >), save it as UTF-8' : '; kubectl reads kubeconfigs as UTF-8';
    return { ok: false, problem: `is not valid UTF-8: the first invalid byte (0x${hex}) is at byte offset ${at}${hint}` };
  }
}

/**
 * Reads and parses one kubeconfig file, refusing files over 5 MiB before reading them, and files
 * that are not valid UTF-8 (with the offset of the first invalid byte).
 * @param file - an absolute path
 * @returns the parsed config, or an error (`not-found` when the file does not exist)
 */
export async function readKubeconfigFile(file: string, opts: ParseOptions = {}): Promise<KubeconfigParseResult> {
  const origin: KubeconfigOrigin = { kind: 'file', path: file };
  let text: string;
  try {
    const handle = await open(file, 'r');
    try {
      const st = await handle.stat();
      if (!st.isFile()) return fail(origin, 'is not a regular file');
      if (st.size > MAX_KUBECONFIG_BYTES) {
        return fail(origin, `is ${(st.size / 1048576).toFixed(1)} MiB; kubeconfigs larger than 5 MiB are refused`);
      }
      const bytes = await handle.readFile();
      const decoded = decodeUtf8(bytes);
      if (!decoded.ok) return fail(origin, decoded.problem);
      text = decoded.text;
    } finally {
      await handle.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, error: { code: 'not-found', message: `${file}: file not found` } };
    if (code === 'EACCES' || code === 'EPERM') {
      return { ok: false, error: { code: 'forbidden', message: `${file}: permission denied` } };
    }
    return { ok: false, error: { code: 'unavailable', message: `${file}: could not be read (${code ?? 'error'})` } };
  }
  return parseKubeconfig(text, origin, opts);
}

/**
 * Reads every file of a kubeconfig chain. Missing files are skipped, as kubectl skips them.
 * @param files - from {@link kubeconfigSources}
 * @returns the configs in chain order, plus the errors of files that exist but could not be used
 */
export async function loadKubeconfigFiles(
  files: readonly string[],
  opts: ParseOptions = {},
): Promise<{ configs: LoadedKubeconfig[]; errors: AppErrorData[]; missing: string[] }> {
  const results = await Promise.all(files.map((f) => readKubeconfigFile(f, opts)));
  const configs: LoadedKubeconfig[] = [];
  const errors: AppErrorData[] = [];
  const missing: string[] = [];
  results.forEach((r, i) => {
    if (r.ok) configs.push(r.config);
    else if (r.error.code === 'not-found') missing.push(files[i] ?? '');
    else errors.push(r.error);
  });
  return { configs, errors, missing };
}

/**
 * The kubeconfig files kubectl would read, in precedence order.
 * @param env - the environment (only `KUBECONFIG` is read)
 * @param homedir - the user's home directory
 * @param platform - decides the list separator (`;` on win32, `:` elsewhere) and path style
 * @returns `KUBECONFIG` split, with empty entries dropped and duplicates removed; or `~/.kube/config`
 */
export function kubeconfigSources(env: Readonly<Record<string, string | undefined>>, homedir: string, platform: NodeJS.Platform): string[] {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const value = env['KUBECONFIG'];
  // As client-go: a set, non-empty KUBECONFIG replaces the default even if all its entries are empty.
  if (value === undefined || value === '') return [p.join(homedir, '.kube', 'config')];
  const seen = new Set<string>();
  for (const entry of value.split(p.delimiter)) {
    if (entry !== '' && !seen.has(entry)) seen.add(entry);
  }
  return [...seen];
}
