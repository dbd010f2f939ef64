// SPDX-License-Identifier: Apache-2.0
/**
 * Where the secrets the user saves (MLflow passwords and tokens, S3 keys, notebook gateway and
 * Jupyter tokens) end up on this system, and the words that tell the user when that is not an
 * encrypting keychain. Main decides the storage; the renderer shows the words on the forms
 * where secrets are saved, and main sends them once as a notice.
 */

/**
 * - `os-keychain`: sealed with a key the OS keeps (macOS Keychain, Windows DPAPI, a Linux
 *   keyring such as GNOME Keyring or KWallet).
 * - `basic-text`: Electron on Linux found no keyring and fell back to its `basic_text` store:
 *   sealed with a fixed key every copy of Chromium knows, so in effect not encrypted.
 * - `plain-file`: no sealing at all (browser mode, or Electron without encryption): the
 *   secret is written as-is to a settings file of mode 0600 in the data directory.
 */
export type SecretStorage = 'os-keychain' | 'basic-text' | 'plain-file';

/** The notice's title. */
export const secretStorageNoticeTitle = 'Saved secrets are not encrypted';

/**
 * What the user should know about saving a secret here; undefined when it is sealed by the OS.
 * @param storage - where secrets go on this host
 */
export function secretStorageWarning(storage: SecretStorage): string | undefined {
  switch (storage) {
    case 'os-keychain':
      return undefined;
    case 'basic-text':
      return (
        'Saved secrets are stored unencrypted on this system (no keyring found): they are only obscured with a key ' +
        'every copy of Electron knows, in files only your user can read in MLDeck’s data folder. Install and unlock ' +
        'a keyring (GNOME Keyring or KWallet) and enter them again to have them encrypted.'
      );
    case 'plain-file':
      return (
        'Saved secrets are stored unencrypted on this system: they are written as plain text to a file only your ' +
        'user can read (mode 0600) in MLDeck’s data folder, as this host has no keychain to seal them with.'
      );
  }
}
