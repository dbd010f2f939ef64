// SPDX-License-Identifier: Apache-2.0
/**
 * Merging a kubeconfig chain with kubectl's rule (the first file that defines a name wins) into
 * the flat, secret-free list of contexts the UI shows.
 */
import { createHash } from 'node:crypto';
import {
  originKey,
  type AuthKind,
  type Cluster,
  type Context,
  type KubeconfigOrigin,
  type LoadedKubeconfig,
  type Sourced,
  type User,
} from './kubeconfig-model';
import { contextProblems } from './kubeconfig-problems';

/** A context as the UI shows it. Holds no secrets. */
export interface ContextEntry {
  /** Stable id: a hash of the origin and the context name. */
  id: string;
  /** The context name. */
  name: string;
  /** The file (or pasted text) that defines the context. */
  origin: KubeconfigOrigin;
  /** The cluster the context names ('' if none). */
  clusterName: string;
  /** The cluster's server URL ('' if unknown). */
  server: string;
  /** The user the context names ('' if none). */
  userName: string;
  /** The context's namespace, or `default` as kubectl assumes. */
  namespace: string;
  /** How requests authenticate. */
  authKind: AuthKind;
  /** True when TLS verification is off or the server is plain http; the UI shows a banner. */
  insecure: boolean;
  /** The exec plugin's command (path or bare name), for exec users. */
  execCommand?: string;
  /** Whether this is the chain's current context. */
  current: boolean;
  /** Sentences describing why this context may not work. Empty when it looks fine. */
  problems: string[];
}

/** A context hidden because an earlier file defines the same name. */
export interface ShadowedContext {
  /** The context name. */
  name: string;
  /** The file whose definition is ignored. */
  origin: KubeconfigOrigin;
  /** The file whose definition wins. */
  winner: KubeconfigOrigin;
}

/** The result of {@link mergeKubeconfigs}. Main-only: `clusters` and `users` hold secrets. */
export interface MergedKubeconfig {
  /** The contexts in chain order, for the UI. */
  contexts: ContextEntry[];
  /** The id of the current context, if the chain names one that exists. */
  currentContextId?: string;
  /** Contexts ignored because an earlier file defines the same name. */
  shadowed: ShadowedContext[];
  /** Merged clusters by name (first definition wins). */
  clusters: ReadonlyMap<string, Sourced<Cluster>>;
  /** Merged users by name (first definition wins). */
  users: ReadonlyMap<string, Sourced<User>>;
  /** Merged contexts by entry id. */
  contextsById: ReadonlyMap<string, Sourced<Context> & { name: string }>;
}

/** The stable id of a context entry. */
export function contextEntryId(origin: KubeconfigOrigin, name: string): string {
  return createHash('sha256')
    .update(`${originKey(origin)}\0${name}`)
    .digest('hex')
    .slice(0, 24);
}

/** How a user authenticates, with client-go's precedence (static credentials before exec). */
export function authKindOf(user: User | undefined): AuthKind {
  if (!user) return 'none';
  if (user['auth-provider']) return user['auth-provider'].name === 'oidc' ? 'oidc' : 'unsupported';
  if (user.token) return 'token';
  if (user.tokenFile) return 'token-file';
  if (user.username !== undefined || user.password !== undefined) return 'basic';
  if (user['client-certificate'] || user['client-certificate-data'] || user['client-key'] || user['client-key-data']) {
    return 'client-cert';
  }
  if (user.exec) return 'exec';
  return 'none';
}

function addFirst<T>(map: Map<string, Sourced<T>>, entries: ReadonlyMap<string, T>, origin: KubeconfigOrigin): void {
  for (const [name, value] of entries) if (!map.has(name)) map.set(name, { value, origin });
}

/**
 * Merges a kubeconfig chain as kubectl does: for contexts, clusters and users the first file that
 * defines a name wins, and the first file that sets `current-context` wins. Each context keeps the
 * file it came from. Pasted kubeconfigs are usually merged alone (a list of one).
 * @param list - configs in precedence order
 */
export function mergeKubeconfigs(list: readonly LoadedKubeconfig[]): MergedKubeconfig {
  const clusters = new Map<string, Sourced<Cluster>>();
  const users = new Map<string, Sourced<User>>();
  const contexts = new Map<string, Sourced<Context>>();
  const shadowed: ShadowedContext[] = [];
  let currentName: string | undefined;
  for (const cfg of list) {
    addFirst(clusters, cfg.clusters, cfg.origin);
    addFirst(users, cfg.users, cfg.origin);
    for (const [name, value] of cfg.contexts) {
      const winner = contexts.get(name);
      if (winner) shadowed.push({ name, origin: cfg.origin, winner: winner.origin });
      else contexts.set(name, { value, origin: cfg.origin });
    }
    currentName ??= cfg.currentContext;
  }
  const entries: ContextEntry[] = [];
  const contextsById = new Map<string, Sourced<Context> & { name: string }>();
  let currentContextId: string | undefined;
  for (const [name, ctx] of contexts) {
    const id = contextEntryId(ctx.origin, name);
    const cluster = ctx.value.cluster ? clusters.get(ctx.value.cluster) : undefined;
    const user = ctx.value.user ? users.get(ctx.value.user) : undefined;
    const server = cluster?.value.server ?? '';
    const entry: ContextEntry = {
      id,
      name,
      origin: ctx.origin,
      clusterName: ctx.value.cluster ?? '',
      server,
      userName: ctx.value.user ?? '',
      namespace: ctx.value.namespace || 'default',
      authKind: authKindOf(user?.value),
      insecure: cluster?.value['insecure-skip-tls-verify'] === true || server.startsWith('http:'),
      current: name === currentName,
      problems: contextProblems(ctx.value, cluster, user),
    };
    const exec = user?.value.exec;
    if (exec) entry.execCommand = exec.command;
    if (entry.current) currentContextId = id;
    entries.push(entry);
    contextsById.set(id, { ...ctx, name });
  }
  const merged: MergedKubeconfig = { contexts: entries, shadowed, clusters, users, contextsById };
  if (currentContextId !== undefined) merged.currentContextId = currentContextId;
  return merged;
}
