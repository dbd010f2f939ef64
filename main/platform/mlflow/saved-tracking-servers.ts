// SPDX-License-Identifier: Apache-2.0
/**
 * The tracking servers the user saved by URL (servers that belong to no cluster: a team's shared
 * MLflow, one on localhost), in `mlflow-servers.json` in the data directory (mode 0600): URL,
 * display name, and how to sign in; the password or token sealed with the host's secret box (the
 * OS keychain in Electron) as the clusters' MLflow settings are, and never returned to the
 * renderer. One entry per URL (saving a URL again replaces it, secret included). A missing file
 * means none; an unreadable or invalid one is reported, not replaced. Writes are atomic (temp
 * file + rename) and serialised (a JsonFile; the file is a list, not per cluster).
 */
import { z } from 'zod';
import type { SavedServerInfo } from '../../../shared/features/mlflow/tracking-types';
import { JsonFile } from '../json-file';
import { openSecret, SealedSecret, sealSecret } from '../sealed-secret';
import type { SecretBox } from '../secret-box';
import type { MlflowAuth } from './mlflow-client';

const Entry = z.object({
  url: z.string(),
  name: z.string(),
  auth: z.enum(['none', 'basic', 'bearer']),
  username: z.string(),
  /** The password (basic) or token (bearer). */
  secret: SealedSecret.optional(),
  addedAt: z.number(),
});
type Entry = z.infer<typeof Entry>;

const FileSchema = z.object({ version: z.literal(1), servers: z.array(Entry) });

/** A saved server as listed (no secret). */
export interface SavedServerView extends SavedServerInfo {
  url: string;
  addedAt: number;
}

/** A server to save, its secret given (main only). */
export interface ServerToSave {
  url: string;
  name: string;
  auth: MlflowAuth;
}

/** A saved server with its secret opened, for connecting (main only), and as listed. */
export interface ResolvedSavedServer extends ServerToSave {
  view: SavedServerView;
}

/** What TrackingServers needs of the saved servers. */
export interface SavedTrackingServers {
  /** Every saved server, in the order saved; no secret opened. */
  list(): Promise<SavedServerView[]>;
  /**
   * The server saved at `url` with its secret opened, or undefined when none is.
   * @throws AppError('unauthenticated') when the secret was sealed by a keychain this host cannot open
   */
  resolve(url: string): Promise<ResolvedSavedServer | undefined>;
  /** Saves (or replaces) the server at `url`. */
  save(server: ServerToSave): Promise<SavedServerView>;
  /** Forgets the server at `url`; false when none was saved there. */
  remove(url: string): Promise<boolean>;
}

/** The saved servers' file. */
export class SavedTrackingServersFile implements SavedTrackingServers {
  private readonly json: JsonFile<z.infer<typeof FileSchema>>;

  constructor(
    readonly file: string,
    private readonly box: SecretBox | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.json = new JsonFile(file, FileSchema, 'saved tracking servers', () => ({ version: 1 as const, servers: [] }));
  }

  async list(): Promise<SavedServerView[]> {
    return (await this.readAll()).map((e) => this.view(e));
  }

  async resolve(url: string): Promise<ResolvedSavedServer | undefined> {
    const e = (await this.readAll()).find((x) => x.url === url);
    if (!e) return undefined;
    const secret = this.open(e.secret, e.url);
    const auth: MlflowAuth =
      e.auth === 'basic'
        ? { kind: 'basic', username: e.username, password: secret ?? '' }
        : e.auth === 'bearer'
          ? { kind: 'bearer', token: secret ?? '' }
          : { kind: 'none' };
    return { url: e.url, name: e.name, auth, view: this.view(e) };
  }

  save(server: ServerToSave): Promise<SavedServerView> {
    return this.update((all) => {
      const a = server.auth;
      const entry: Entry = {
        url: server.url,
        name: server.name,
        auth: a.kind,
        username: a.kind === 'basic' ? a.username : '',
        secret: a.kind === 'basic' ? sealSecret(this.box, a.password) : a.kind === 'bearer' ? sealSecret(this.box, a.token) : undefined,
        addedAt: all.find((x) => x.url === server.url)?.addedAt ?? this.now(),
      };
      const at = all.findIndex((x) => x.url === server.url);
      return { all: at < 0 ? [...all, entry] : all.map((x, i) => (i === at ? entry : x)), out: this.view(entry) };
    });
  }

  remove(url: string): Promise<boolean> {
    return this.update((all) => {
      const rest = all.filter((x) => x.url !== url);
      return { all: rest, out: rest.length !== all.length };
    });
  }

  private update<T>(change: (all: Entry[]) => { all: Entry[]; out: T }): Promise<T> {
    return this.json.update((data) => {
      const { all, out } = change(data.servers);
      data.servers = all;
      return out;
    });
  }

  private async readAll(): Promise<Entry[]> {
    return (await this.json.read()).servers;
  }

  private view(e: Entry): SavedServerView {
    return { url: e.url, name: e.name, auth: e.auth, username: e.username, secretSealed: e.secret?.sealed === true, addedAt: e.addedAt };
  }

  private open(s: SealedSecret | undefined, url: string): string | undefined {
    return openSecret(this.box, s, {
      noBox: `The secret saved for ${url} was sealed with the desktop app's keychain and cannot be read here; add the server again.`,
      keychain: `The secret saved for ${url} could not be unsealed by the OS keychain; add the server again.`,
    });
  }
}
