// SPDX-License-Identifier: Apache-2.0
/**
 * MLDeck's own copy of refreshed OIDC tokens (`oidc-tokens.json` in the data directory, mode
 * 0600, atomic serialised writes). client-go writes refreshed tokens back into the user's
 * kubeconfig; MLDeck never touches that file, so the tokens it refreshed live here, keyed by the
 * kubeconfig (file or pasted id) and the user name. Each entry remembers a digest of the tokens
 * the kubeconfig held when it was written (its basis): when the user logs in again and the
 * kubeconfig's tokens change, the kubeconfig wins and the old copy is no longer used.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { PerClusterSettingsFile } from '../per-cluster-settings-file';
import { originKey, type KubeconfigOrigin } from './kubeconfig-model';

const StoredSchema = z.object({
  idToken: z.string(),
  refreshToken: z.string().optional(),
  basis: z.string(),
  updatedAt: z.string(),
});
/** One user's refreshed tokens. */
export type StoredOidcTokens = z.infer<typeof StoredSchema>;

/** The tokens of one user, as the kubeconfig or the store has them. */
export interface OidcTokenPair {
  idToken?: string;
  refreshToken?: string;
}

/** The key of a user's tokens: the kubeconfig it is defined in, and its name. */
export function oidcTokenKey(origin: KubeconfigOrigin, userName: string): string {
  return `${originKey(origin)}#${userName}`;
}

/** The digest of the tokens a kubeconfig holds, so a new login there is noticed. */
export function oidcTokenBasis(fromKubeconfig: OidcTokenPair): string {
  return createHash('sha256')
    .update(`${fromKubeconfig.idToken ?? ''}\0${fromKubeconfig.refreshToken ?? ''}`)
    .digest('hex');
}

/** The store of refreshed OIDC tokens. */
export class OidcTokenStore {
  private readonly file: PerClusterSettingsFile<StoredOidcTokens>;

  /** @param dataDir - MLDeck's data directory */
  constructor(dataDir: string) {
    this.file = new PerClusterSettingsFile(path.join(dataDir, 'oidc-tokens.json'), StoredSchema, 'OIDC token');
  }

  /** The file's path. */
  get path(): string {
    return this.file.file;
  }

  /**
   * The tokens MLDeck refreshed for a user, if the kubeconfig still holds the tokens they were
   * refreshed from.
   */
  async read(key: string, fromKubeconfig: OidcTokenPair): Promise<OidcTokenPair | undefined> {
    const entry = (await this.file.readAll())[key];
    if (!entry || entry.basis !== oidcTokenBasis(fromKubeconfig)) return undefined;
    return entry.refreshToken ? { idToken: entry.idToken, refreshToken: entry.refreshToken } : { idToken: entry.idToken };
  }

  /** Keeps refreshed tokens for a user, with the kubeconfig tokens they descend from. */
  async write(key: string, tokens: { idToken: string; refreshToken?: string }, fromKubeconfig: OidcTokenPair): Promise<void> {
    const entry: StoredOidcTokens = { idToken: tokens.idToken, basis: oidcTokenBasis(fromKubeconfig), updatedAt: new Date().toISOString() };
    if (tokens.refreshToken) entry.refreshToken = tokens.refreshToken;
    await this.file.write(key, entry);
  }
}
