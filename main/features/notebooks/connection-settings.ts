// SPDX-License-Identifier: Apache-2.0
/**
 * Notebook settings per cluster (the Kubeflow gateway URL and its bearer token) and the Jupyter
 * tokens the user gave per notebook server, in `notebook-connections.json` in the data directory
 * (mode 0600). Tokens are sealed with the host's secret box when there is one (Electron's
 * safeStorage); a token sealed by another host cannot be opened here and counts as absent. A
 * missing file means nothing is set; an unreadable or invalid one is reported. Writes are atomic
 * (temp file + rename) and serialised.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { NotebookSettings, ServerRef, SetSettingsRequest } from '../../../shared/features/notebooks/notebooks.contract';
import { parseExternalUrl } from '../../platform/external-url';
import type { KubeflowGatewaySource } from '../../platform/kubeflow-gateway';
import { JsonFile } from '../../platform/json-file';
import { sealSecret, tryOpenSecret, type Sealer } from '../../platform/sealed-secret';

/** A token as this file keeps it (its own shape of a sealed secret, kept so that saved files still open). */
const Secret = z.union([z.object({ sealed: z.string() }), z.object({ plain: z.string() })]);
type Secret = z.infer<typeof Secret>;
const ClusterEntry = z.object({ gatewayUrl: z.string().optional(), gatewayToken: Secret.optional() });
const FileSchema = z.object({
  version: z.literal(1),
  clusters: z.record(z.string(), ClusterEntry),
  tokens: z.record(z.string(), Secret),
});
type FileData = z.infer<typeof FileSchema>;

/** The key a server's token is kept under. */
export function serverKey(s: ServerRef): string {
  return `${s.clusterId}\u0000${s.namespace}\u0000${s.name}`;
}

/**
 * A gateway URL as kept: http(s) only (the app's one rule for URLs leaving it), without
 * credentials, query or fragment, without a trailing slash.
 * @throws AppError('validation') for anything else
 */
export function normaliseGatewayUrl(raw: string): string {
  const url = parseExternalUrl(raw);
  if (!url) throw new AppError('validation', 'The gateway URL must be an http:// or https:// address without a user name or password.');
  if (url.search || url.hash) throw new AppError('validation', 'The gateway URL must not have a query or a fragment.');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The settings and tokens file; its gateway is the cluster's Kubeflow gateway that pipelines use too. */
export class ConnectionSettingsStore implements KubeflowGatewaySource {
  private readonly json: JsonFile<FileData>;

  /**
   * @param file - the JSON file
   * @param box - seals tokens at rest; undefined keeps them in the clear (file mode 0600)
   */
  constructor(
    file: string,
    private readonly box: Sealer | undefined,
  ) {
    this.json = new JsonFile(file, FileSchema, 'notebook connection settings', () => ({ version: 1 as const, clusters: {}, tokens: {} }));
  }

  /** What the renderer may know about a cluster's settings. */
  async get(clusterId: string): Promise<NotebookSettings> {
    const all = await this.readAll();
    return this.view(all, clusterId);
  }

  /** The gateway of a cluster with its token (main only). */
  async gateway(clusterId: string): Promise<{ url: string; token: string | undefined } | undefined> {
    const e = (await this.readAll()).clusters[clusterId];
    if (!e?.gatewayUrl) return undefined;
    return { url: e.gatewayUrl, token: e.gatewayToken ? this.open(e.gatewayToken) : undefined };
  }

  /** Changes a cluster's settings (undefined: unchanged; null: cleared). */
  async set(req: SetSettingsRequest): Promise<NotebookSettings> {
    let url = req.gatewayUrl;
    if (typeof url === 'string') url = url.trim() === '' ? null : normaliseGatewayUrl(url);
    return this.update((all) => {
      const e = { ...(all.clusters[req.clusterId] ?? {}) };
      if (url === null) delete e.gatewayUrl;
      else if (url !== undefined) e.gatewayUrl = url;
      if (req.gatewayToken === null) delete e.gatewayToken;
      else if (req.gatewayToken !== undefined) e.gatewayToken = this.seal(req.gatewayToken);
      if (e.gatewayUrl === undefined && e.gatewayToken === undefined) delete all.clusters[req.clusterId];
      else all.clusters[req.clusterId] = e;
      return this.view(all, req.clusterId);
    });
  }

  /** The Jupyter token kept for a server. */
  async token(server: ServerRef): Promise<string | undefined> {
    const s = (await this.readAll()).tokens[serverKey(server)];
    return s ? this.open(s) : undefined;
  }

  /** Keeps (or, with undefined, forgets) a server's Jupyter token. */
  async setToken(server: ServerRef, token: string | undefined): Promise<void> {
    await this.update((all) => {
      if (token === undefined) delete all.tokens[serverKey(server)];
      else all.tokens[serverKey(server)] = this.seal(token);
    });
  }

  private view(all: FileData, clusterId: string): NotebookSettings {
    const e = all.clusters[clusterId];
    return { ...(e?.gatewayUrl ? { gatewayUrl: e.gatewayUrl } : {}), hasGatewayToken: !!e?.gatewayToken && this.open(e.gatewayToken) !== undefined };
  }

  private seal(s: string): Secret {
    const kept = sealSecret(this.box, s);
    return kept.sealed ? { sealed: kept.value } : { plain: kept.value };
  }

  private open(s: Secret): string | undefined {
    const opened = tryOpenSecret(this.box, 'plain' in s ? { sealed: false, value: s.plain } : { sealed: true, value: s.sealed });
    // sealed by the desktop app (read without its box) or under another OS user or keychain: as if never given; the user is asked again
    return opened.ok ? opened.value : undefined;
  }
  private update<T>(fn: (all: FileData) => T): Promise<T> {
    return this.json.update(fn);
  }

  private readAll(): Promise<FileData> {
    return this.json.read();
  }
}
