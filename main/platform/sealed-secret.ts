// SPDX-License-Identifier: Apache-2.0
/**
 * A secret as a settings file keeps it: `{ sealed: true, value }`, sealed with the host's secret
 * box (Electron's safeStorage), or `{ sealed: false, value }` in the clear when there is no box
 * (browser mode; the file is 0600). The one place that seals and opens them for the model
 * registry's settings, the saved MLflow servers, the storage connections and the notebooks'
 * tokens. A secret sealed by the desktop app cannot be opened without its box, nor by a keychain
 * that did not seal it (another OS user, a reinstalled OS): the caller says what the user does.
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { SecretBox } from './secret-box';

/** A kept secret, sealed or in the clear. */
export const SealedSecret = z.object({ sealed: z.boolean(), value: z.string() });
/** A kept secret, sealed or in the clear. */
export type SealedSecret = z.infer<typeof SealedSecret>;

/** What sealing and opening need of a box. */
export type Sealer = Pick<SecretBox, 'seal' | 'open'>;

/** Why this host cannot open a sealed secret: it has no box, or its keychain refused (with the keychain's words). */
export type Unopened = { ok: false; why: 'no-box' } | { ok: false; why: 'keychain'; detail: string };

/** Seals `value` with the box; without one, keeps it in the clear. */
export function sealSecret(box: Sealer | undefined, value: string): SealedSecret {
  return box ? { sealed: true, value: box.seal(value) } : { sealed: false, value };
}

/** The secret's text, or why this host cannot open it. */
export function tryOpenSecret(box: Sealer | undefined, s: SealedSecret): { ok: true; value: string } | Unopened {
  if (!s.sealed) return { ok: true, value: s.value };
  if (!box) return { ok: false, why: 'no-box' };
  try {
    return { ok: true, value: box.open(s.value) };
  } catch (e) {
    return { ok: false, why: 'keychain', detail: (e as Error).message };
  }
}

/**
 * The secret's text; undefined when none is kept.
 * @param told - what the user reads when it was sealed by the desktop app and read without its box (`noBox`), or the keychain could not unseal it (`keychain`, the keychain's words as detail)
 * @throws AppError('unauthenticated', service `keychain`) with those words when this host cannot open it
 */
export function openSecret(box: Sealer | undefined, s: SealedSecret | undefined, told: { noBox: string; keychain: string }): string | undefined {
  if (!s) return undefined;
  const opened = tryOpenSecret(box, s);
  if (opened.ok) return opened.value;
  // tagged with the keychain, so the hint says a secret on this computer was not read (not that a server refused it)
  throw opened.why === 'no-box'
    ? new AppError('unauthenticated', told.noBox, undefined, false, 'keychain')
    : new AppError('unauthenticated', told.keychain, opened.detail, false, 'keychain');
}
