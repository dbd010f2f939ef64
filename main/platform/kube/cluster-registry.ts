// SPDX-License-Identifier: Apache-2.0
/**
 * Every context MLDeck knows, from every source: the kubectl chain (KUBECONFIG or
 * ~/.kube/config), files added in the app, pasted kubeconfigs (kept in the data directory),
 * and the repository lab's kubeconfig when MLDeck runs from a checkout. Each source is
 * merged on its own, so contexts of different sources never hide each other. The registry
 * also owns one HTTP client per context, made on first use and dropped on reload; a context
 * whose exec plugin invocation is not approved gets no client (nothing is contacted).
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { AppError, type AppErrorData } from '../../../shared/errors';
import type { ClusterOrigin, ClusterSummary, KubeconfigChain, KubeconfigProblem } from '../../../shared/features/clusters/clusters.contract';
import type { Disposable } from '../../../shared/lifecycle';
import { resolveConnection } from './connection';
import { execConfigProblem, notApprovedError, type ExecCredentialRunner } from './exec-credential';
import type { ExecInvocation } from './exec-invocation';
import { KubeHttp } from './kube-http';
import { kubeconfigSources, loadKubeconfigFiles, parseKubeconfig, readKubeconfigFile } from './kubeconfig-load';
import { mergeKubeconfigs, type ContextEntry, type MergedKubeconfig } from './kubeconfig-merge';
import type { ExecConfig, LoadedKubeconfig } from './kubeconfig-model';
import { OidcTokenStore } from './oidc-token-store';
import { isSnapshotId, snapshotReadOnly } from '../snapshots/snapshot-registry';

/** What the registry remembers between runs (clusters.json). */
interface Prefs {
  /** The user chose "use the lab" on the welcome page. */
  useLab?: boolean;
  addedFiles: string[];
  pasted: { id: string; label: string }[];
  names: Record<string, string>;
  hidden: string[];
  currentId?: string;
}

type SourceKind = 'env' | 'default' | 'added' | 'lab' | 'pasted';

interface Source {
  kind: SourceKind;
  merged: MergedKubeconfig;
  label?: string;
}

/** A context with everything main needs to connect. */
export interface RegisteredContext {
  entry: ContextEntry;
  source: Source;
}

/** Options of {@link ClusterRegistry}. */
export interface RegistryOptions {
  dataDir: string;
  execRunner: ExecCredentialRunner;
  /** The lab kubeconfig of a source checkout, if MLDeck runs from one. */
  labKubeconfig?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/** The registry. */
export class ClusterRegistry implements Disposable {
  private prefs: Prefs = { addedFiles: [], pasted: [], names: {}, hidden: [] };
  private sources: Source[] = [];
  private problems: KubeconfigProblem[] = [];
  private chain: KubeconfigChain = { fromVariable: false, files: [] };
  private readonly clients = new Map<string, Promise<KubeHttp>>();
  private readonly prefsFile: string;
  private readonly pastedDir: string;
  private oidcTokens: OidcTokenStore | undefined;

  constructor(private readonly opts: RegistryOptions) {
    this.prefsFile = join(opts.dataDir, 'clusters.json');
    this.pastedDir = join(opts.dataDir, 'kubeconfigs');
  }

  /** Re-reads every source. Problems with a file are reported, never thrown. */
  async reload(): Promise<void> {
    this.prefs = await this.readPrefs();
    const env = this.opts.env ?? process.env;
    const sources: Source[] = [];
    const problems: KubeconfigProblem[] = [];
    const chain = kubeconfigSources(env, this.opts.home ?? homedir(), process.platform);
    const chainKind: SourceKind = env.KUBECONFIG ? 'env' : 'default';
    const loaded = await loadKubeconfigFiles(chain);
    const loadedPaths = new Set(loaded.configs.map((c) => (c.origin.kind === 'file' ? c.origin.path : '')));
    this.chain = {
      fromVariable: chainKind === 'env',
      files: chain.map((path) => ({ path, state: loadedPaths.has(path) ? 'loaded' : loaded.missing.includes(path) ? 'missing' : 'unreadable' })),
    };
    for (const e of loaded.errors) problems.push(problemOf(e));
    if (loaded.configs.length) sources.push({ kind: chainKind, merged: mergeKubeconfigs(loaded.configs) });
    const single = async (file: string, kind: SourceKind) => {
      const r = await readKubeconfigFile(file);
      if (r.ok) sources.push({ kind, merged: mergeKubeconfigs([r.config]) });
      else problems.push(problemOf(r.error, file));
    };
    for (const f of this.prefs.addedFiles) await single(f, 'added');
    if (this.prefs.useLab && this.opts.labKubeconfig && existsSync(this.opts.labKubeconfig)) await single(this.opts.labKubeconfig, 'lab');
    for (const p of this.prefs.pasted) {
      const text = await readFile(join(this.pastedDir, `${p.id}.yaml`), 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const r = parseKubeconfig(text, { kind: 'pasted', id: p.id });
      if (r.ok) sources.push({ kind: 'pasted', merged: mergeKubeconfigs([r.config]), label: p.label });
      else problems.push(problemOf(r.error, p.label));
    }
    this.sources = sources;
    this.problems = problems;
    for (const c of this.clients.values())
      void c.then(
        (h) => h.dispose(),
        () => undefined,
      );
    this.clients.clear();
  }

  /** Every visible context, in source order, without duplicates. */
  contexts(): RegisteredContext[] {
    const seen = new Set<string>();
    const out: RegisteredContext[] = [];
    for (const source of this.sources) {
      for (const entry of source.merged.contexts) {
        if (seen.has(entry.id) || this.prefs.hidden.includes(entry.id)) continue;
        seen.add(entry.id);
        out.push({ entry, source });
      }
    }
    return out;
  }

  /** Problems with kubeconfig files, for the UI. */
  fileProblems(): KubeconfigProblem[] {
    return this.problems;
  }

  /** The kubectl chain as last read (KUBECONFIG's files or ~/.kube/config), for the welcome page. */
  kubeconfigChain(): KubeconfigChain {
    return this.chain;
  }

  /** The current context id: the user's choice, else the chain's current context, else the first. */
  currentId(): string | undefined {
    const all = this.contexts();
    if (this.prefs.currentId && all.some((c) => c.entry.id === this.prefs.currentId)) return this.prefs.currentId;
    return all.find((c) => c.entry.current && (c.source.kind === 'env' || c.source.kind === 'default'))?.entry.id ?? all[0]?.entry.id;
  }

  /** Finds a context or throws not-found. */
  get(id: string): RegisteredContext {
    const c = this.contexts().find((x) => x.entry.id === id);
    if (!c) throw new AppError('not-found', 'That cluster is no longer in any kubeconfig.');
    return c;
  }

  /** The exec section of a context's user, if it authenticates with a plugin. */
  execConfig(id: string): ExecConfig | undefined {
    const c = this.get(id);
    return c.source.merged.users.get(c.entry.userName)?.value.exec ?? undefined;
  }

  /**
   * What a context's exec plugin would run and whether that is approved; runs nothing.
   * @returns undefined when the context does not authenticate with a plugin
   * @throws AppError `validation` for an exec section kubectl refuses, `not-found` for a missing binary
   */
  async execInvocation(id: string): Promise<{ invocation: ExecInvocation; approved: boolean; userName: string } | undefined> {
    const c = this.get(id);
    const exec = c.entry.authKind === 'exec' ? this.execConfig(id) : undefined;
    if (!exec) return undefined;
    const problem = execConfigProblem(exec, c.entry.userName);
    if (problem) throw problem;
    return { ...(await this.opts.execRunner.describe(exec)), userName: c.entry.userName };
  }

  /**
   * Refuses, without contacting anything, a context whose exec invocation is not approved.
   * @throws AppError `unauthenticated` (needs approval), `validation`, `not-found`
   */
  async assertMayConnect(id: string): Promise<void> {
    const r = await this.execInvocation(id);
    if (r && !r.approved) throw notApprovedError(r.invocation);
  }

  /** The summary the renderer sees (no secrets). */
  async summary(c: RegisteredContext): Promise<ClusterSummary> {
    const e = c.entry;
    let execApproved: boolean | undefined;
    if (e.authKind === 'exec') execApproved = (await this.execInvocation(e.id).catch(() => undefined))?.approved ?? false;
    const origin: ClusterOrigin =
      e.origin.kind === 'pasted'
        ? { kind: 'pasted', id: e.origin.id, label: c.source.label ?? 'pasted kubeconfig' }
        : { kind: 'file', path: e.origin.path, source: c.source.kind === 'pasted' ? 'added' : c.source.kind };
    return {
      id: e.id,
      contextName: e.name,
      displayName: this.prefs.names[e.id] ?? e.name,
      origin,
      server: e.server,
      userName: e.userName,
      namespace: e.namespace,
      authKind: e.authKind,
      insecure: e.insecure,
      execCommand: e.execCommand,
      execApproved,
      problems: e.problems,
      snapshot: undefined,
    };
  }

  /**
   * The HTTP client of a context, made once. Every automatic path (health, discovery, sync,
   * logs, port-forwards) comes through here, so a context whose exec plugin invocation is not
   * approved (or changed since it was approved) is refused here with `unauthenticated` before
   * anything is spawned or contacted; the runner checks the invocation again before each run.
   */
  http(id: string): Promise<KubeHttp> {
    let p = this.clients.get(id);
    if (!p) {
      const c = this.get(id);
      if (c.entry.problems.length) throw new AppError('validation', `Context "${c.entry.name}" cannot connect: ${c.entry.problems.join(' ')}`);
      p = this.assertMayConnect(id)
        .then(() =>
          resolveConnection(c.entry, c.source.merged, {
            execRunner: this.opts.execRunner,
            env: this.opts.env ?? process.env,
            oidcTokens: (this.oidcTokens ??= new OidcTokenStore(this.opts.dataDir)),
          }),
        )
        .then((conn) => new KubeHttp(conn, { userAgent: 'MLDeck' }));
      p.catch(() => this.clients.delete(id));
      this.clients.set(id, p);
      return p;
    }
    // an approved plugin whose binary, arguments or environment changed since is not used again
    const client = p;
    return this.get(id).entry.authKind === 'exec' ? this.assertMayConnect(id).then(() => client) : client;
  }

  /**
   * The client for a change to a cluster: the one place where a snapshot (an opened file, read
   * through the same ids) is refused as read-only.
   * @throws AppError `validation` for a snapshot; as {@link http} otherwise
   */
  async writableHttp(id: string): Promise<KubeHttp> {
    if (isSnapshotId(id)) throw new AppError('validation', snapshotReadOnly);
    return this.http(id);
  }

  /** Adds a kubeconfig file (validated first: a broken file is refused with its problem). */
  async addFile(path: string): Promise<void> {
    if (!isAbsolute(path)) throw new AppError('validation', `Give the full path of the kubeconfig file, not "${path}".`);
    const r = await readKubeconfigFile(path);
    if (!r.ok) throw AppError.fromData(r.error);
    if (r.config.contexts.size === 0) throw new AppError('validation', `${path} has no contexts.`);
    if (!this.prefs.addedFiles.includes(path)) this.prefs.addedFiles.push(path);
    await this.writePrefs();
    await this.reload();
  }

  /** Whether this MLDeck runs from a checkout whose lab has written its kubeconfig. */
  labAvailable(): boolean {
    return !!this.opts.labKubeconfig && existsSync(this.opts.labKubeconfig);
  }

  /** Picks up the lab's contexts (the welcome page's "Use the lab"). */
  async useLab(): Promise<void> {
    if (!this.opts.labKubeconfig) throw new AppError('not-found', 'This MLDeck was not started from a source checkout, so there is no lab here.');
    if (!existsSync(this.opts.labKubeconfig))
      throw new AppError('not-found', 'The lab is not up yet. Start it with `npm run lab -- up` in the MLDeck folder, then try again.');
    this.prefs.useLab = true;
    await this.writePrefs();
    await this.reload();
  }

  /** Stores pasted kubeconfig text in the data directory (mode 0600) after checking it parses. */
  async addText(text: string, label?: string): Promise<void> {
    const id = randomUUID();
    const r = parseKubeconfig(text, { kind: 'pasted', id });
    if (!r.ok) throw AppError.fromData(r.error);
    if (r.config.contexts.size === 0) throw new AppError('validation', 'The pasted kubeconfig has no contexts.');
    await mkdir(this.pastedDir, { recursive: true, mode: 0o700 });
    await writeFile(join(this.pastedDir, `${id}.yaml`), text, { mode: 0o600 });
    this.prefs.pasted.push({ id, label: label?.trim() || firstContextName(r.config) });
    await this.writePrefs();
    await this.reload();
  }

  /** Removes a context: pasted and added sources go when none of their contexts is left; others are hidden. */
  async remove(id: string): Promise<void> {
    const c = this.get(id);
    this.prefs.hidden.push(id);
    const left = c.source.merged.contexts.filter((e) => !this.prefs.hidden.includes(e.id));
    if (left.length === 0) {
      const ids = new Set(c.source.merged.contexts.map((e) => e.id));
      if (c.source.kind === 'added' && c.entry.origin.kind === 'file') {
        const path = c.entry.origin.path;
        this.prefs.addedFiles = this.prefs.addedFiles.filter((f) => f !== path);
        this.prefs.hidden = this.prefs.hidden.filter((h) => !ids.has(h));
      } else if (c.source.kind === 'pasted' && c.entry.origin.kind === 'pasted') {
        const pid = c.entry.origin.id;
        this.prefs.pasted = this.prefs.pasted.filter((p) => p.id !== pid);
        this.prefs.hidden = this.prefs.hidden.filter((h) => !ids.has(h));
        await rm(join(this.pastedDir, `${pid}.yaml`), { force: true });
      }
    }
    if (this.prefs.currentId === id) delete this.prefs.currentId;
    await this.writePrefs();
    await this.reload();
  }

  /** Gives a context a display name. */
  async rename(id: string, name: string): Promise<void> {
    this.get(id);
    this.prefs.names[id] = name;
    await this.writePrefs();
  }

  /** Makes a context the current one. */
  async setCurrent(id: string): Promise<void> {
    this.get(id);
    this.prefs.currentId = id;
    await this.writePrefs();
  }

  dispose(): void {
    for (const c of this.clients.values())
      void c.then(
        (h) => h.dispose(),
        () => undefined,
      );
    this.clients.clear();
  }

  private async readPrefs(): Promise<Prefs> {
    const empty: Prefs = { addedFiles: [], pasted: [], names: {}, hidden: [] };
    const text = await readFile(this.prefsFile, 'utf8').catch(() => undefined);
    if (text === undefined) return empty;
    try {
      const p = JSON.parse(text) as Partial<Prefs>;
      return {
        ...(p.useLab === true ? { useLab: true } : {}),
        addedFiles: Array.isArray(p.addedFiles) ? p.addedFiles.filter((f): f is string => typeof f === 'string') : [],
        pasted: Array.isArray(p.pasted) ? p.pasted.filter((x) => typeof x?.id === 'string' && /^[0-9a-f-]{36}$/.test(x.id)) : [],
        names: typeof p.names === 'object' && p.names ? p.names : {},
        hidden: Array.isArray(p.hidden) ? p.hidden : [],
        ...(typeof p.currentId === 'string' ? { currentId: p.currentId } : {}),
      };
    } catch {
      // a damaged file is kept aside and replaced, never silently lost
      await rename(this.prefsFile, `${this.prefsFile}.corrupt-${Date.now()}`).catch(() => undefined);
      this.problems.push({ origin: this.prefsFile, message: 'MLDeck’s cluster settings were damaged; they were moved aside and reset.' });
      return empty;
    }
  }

  private async writePrefs(): Promise<void> {
    await mkdir(this.opts.dataDir, { recursive: true });
    const tmp = `${this.prefsFile}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(this.prefs, null, 2), { mode: 0o600 });
    await rename(tmp, this.prefsFile);
  }
}

function problemOf(e: AppErrorData, fallbackOrigin?: string): KubeconfigProblem {
  const i = e.message.indexOf(': ');
  if (fallbackOrigin === undefined && i > 0) return { origin: e.message.slice(0, i), message: e.message.slice(i + 2) };
  return { origin: fallbackOrigin ?? 'kubeconfig', message: e.message };
}

function firstContextName(c: LoadedKubeconfig): string {
  return [...c.contexts.keys()][0] ?? 'pasted kubeconfig';
}
