// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../shared/errors';
import { errorHint } from '../../shared/error-hints';
import { openSecret, sealSecret, tryOpenSecret } from './sealed-secret';

/** A box that marks what it sealed (stands in for Electron safeStorage). */
const box = { seal: (s: string) => `sealed:${s}`, open: (s: string) => s.slice(7) };
/** A keychain that did not seal it. */
const otherKeychain = {
  seal: box.seal,
  open: () => {
    throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
  },
};
const told = { noBox: 'Sealed by the desktop app; enter it again.', keychain: 'The keychain could not unseal it; enter it again.' };

describe('sealed secrets', () => {
  it('seals with the box, and keeps the text in the clear without one', () => {
    expect(sealSecret(box, 'pw')).toEqual({ sealed: true, value: 'sealed:pw' });
    expect(sealSecret(undefined, 'pw')).toEqual({ sealed: false, value: 'pw' });
  });

  it('opens what it sealed, and a clear secret with or without a box', () => {
    expect(openSecret(box, sealSecret(box, 'pw'), told)).toBe('pw');
    expect(openSecret(box, { sealed: false, value: 'plain' }, told)).toBe('plain');
    expect(openSecret(undefined, { sealed: false, value: 'plain' }, told)).toBe('plain');
    expect(openSecret(box, undefined, told)).toBeUndefined();
  });

  it('says why a sealed secret cannot be opened here: no box, or the keychain refused', () => {
    const sealed = sealSecret(box, 'pw');
    expect(tryOpenSecret(undefined, sealed)).toEqual({ ok: false, why: 'no-box' });
    expect(tryOpenSecret(otherKeychain, sealed)).toEqual({ ok: false, why: 'keychain', detail: expect.stringContaining('decrypting') });
    expect(() => openSecret(undefined, sealed, told)).toThrow(
      expect.objectContaining({ code: 'unauthenticated', message: told.noBox, detail: undefined, service: 'keychain' }),
    );
    expect(() => openSecret(otherKeychain, sealed, told)).toThrow(
      expect.objectContaining({ code: 'unauthenticated', message: told.keychain, detail: expect.stringContaining('decrypting'), service: 'keychain' }),
    );
    // so the hint speaks of this computer's keychain, not of a server refusing the credentials
    let caught: unknown;
    try {
      openSecret(otherKeychain, sealed, told);
    } catch (e) {
      caught = e;
    }
    expect(errorHint(caught as AppError)).toBe('A secret saved on this computer could not be read here. Enter it again.');
  });
});
