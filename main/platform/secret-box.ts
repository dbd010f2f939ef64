// SPDX-License-Identifier: Apache-2.0
/**
 * The secret box: seals secrets at rest with Electron's safeStorage and says where they really
 * go (`SecretStorage`). On Linux without a keyring safeStorage falls back to `basic_text`, a fixed
 * key: the box still seals (so a keyring added later is not needed to read them back) but reports
 * `basic-text`, and the user is told once, the first time a secret is saved, that it is not
 * encrypted. Without a box (browser mode) secrets are written as plain text to 0600 files.
 */
import type { SecretStorage } from '../../shared/features/app/secret-storage';

/** Seals and opens secrets, and says how well. */
export interface SecretBox {
  readonly storage: SecretStorage;
  seal(s: string): string;
  open(s: string): string;
}

/** The part of Electron's `safeStorage` the box uses (main/electron passes the real one). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only (Electron's docs); 'unknown' before the app is ready. */
  getSelectedStorageBackend?(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * Where safeStorage puts secrets on this platform.
 * @param platform - process.platform
 */
export function safeStorageKind(safe: SafeStorageLike, platform: string): SecretStorage {
  if (!safe.isEncryptionAvailable()) return 'plain-file';
  if (platform === 'linux') {
    const backend = safe.getSelectedStorageBackend?.() ?? 'unknown';
    // 'unknown' only before ready; anything but a named keyring is the fixed-key fallback
    if (backend === 'basic_text' || backend === 'unknown') return 'basic-text';
  }
  return 'os-keychain';
}

/**
 * The box over safeStorage, or undefined when safeStorage cannot encrypt (secrets then stay plain
 * in 0600 files, as in browser mode). Call after the app is ready.
 */
export function safeStorageBox(safe: SafeStorageLike, platform: string): SecretBox | undefined {
  const storage = safeStorageKind(safe, platform);
  if (storage === 'plain-file') return undefined;
  return {
    storage,
    seal: (s) => safe.encryptString(s).toString('base64'),
    open: (s) => safe.decryptString(Buffer.from(s, 'base64')),
  };
}

/**
 * The same box, calling `tell` once, at the first secret it seals, when its storage does not
 * encrypt. Boxes that encrypt are returned as they are.
 */
export function tellingOnce(box: SecretBox | undefined, tell: (storage: SecretStorage) => void): SecretBox | undefined {
  if (!box || box.storage === 'os-keychain') return box;
  let told = false;
  return {
    storage: box.storage,
    open: (s) => box.open(s),
    seal: (s) => {
      const sealed = box.seal(s);
      if (!told) {
        told = true;
        tell(box.storage);
      }
      return sealed;
    },
  };
}
