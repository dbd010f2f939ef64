// SPDX-License-Identifier: Apache-2.0
/**
 * Schemas and types for kubeconfig v1 (clusters, users, contexts, current-context).
 * Unknown fields are tolerated and dropped; known fields must have the right type.
 * `preferences` and `extensions` are ignored, as kubectl ignores most of them, except a cluster's
 * `client.authentication.k8s.io/exec` extension, which exec plugins receive.
 */
import { z } from 'zod';

/** Lists that kubectl writes as `null` when empty. */
function list<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);
}

/** A `cluster:` entry. */
export const ClusterSchema = z.object({
  server: z.string().optional(),
  'certificate-authority': z.string().optional(),
  'certificate-authority-data': z.string().optional(),
  'insecure-skip-tls-verify': z.boolean().optional(),
  'tls-server-name': z.string().optional(),
  'proxy-url': z.string().optional(),
  'disable-compression': z.boolean().optional(),
  /** Only the `client.authentication.k8s.io/exec` extension is kept (exec plugins get it); others are ignored. */
  extensions: z
    .array(z.object({ name: z.string(), extension: z.unknown() }))
    .nullish()
    .transform((l) =>
      l?.some((x) => x.name === 'client.authentication.k8s.io/exec') ? l.filter((x) => x.name === 'client.authentication.k8s.io/exec') : undefined,
    ),
});
/** A cluster as read from a kubeconfig. */
export type Cluster = z.infer<typeof ClusterSchema>;

/** One `env` item of an exec plugin. */
export const ExecEnvVarSchema = z.object({ name: z.string(), value: z.string() });
/** An environment variable handed to an exec plugin. */
export type ExecEnvVar = z.infer<typeof ExecEnvVarSchema>;

/** The exec plugin's `interactiveMode` values (client-go). */
export const InteractiveModeSchema = z.enum(['Never', 'IfAvailable', 'Always']);
/** Whether an exec plugin wants the user's terminal. */
export type InteractiveMode = z.infer<typeof InteractiveModeSchema>;

/** A `user.exec:` entry (client.authentication.k8s.io ExecConfig). */
export const ExecConfigSchema = z.object({
  apiVersion: z.string().optional(),
  command: z.string(),
  args: list(z.string()),
  env: list(ExecEnvVarSchema),
  installHint: z.string().optional(),
  provideClusterInfo: z.boolean().optional(),
  interactiveMode: InteractiveModeSchema.optional(),
});
/** An exec credential plugin as configured in a kubeconfig. */
export type ExecConfig = z.infer<typeof ExecConfigSchema>;

/** A `user.auth-provider:` entry: `oidc` is run (oidc-auth.ts); gcp, azure and others are refused as kubectl does. */
export const AuthProviderSchema = z.object({
  name: z.string(),
  config: z.record(z.string(), z.string()).nullish(),
});
/** An auth provider (oidc; or gcp, azure, which kubectl removed). */
export type AuthProviderConfig = z.infer<typeof AuthProviderSchema>;

/** A `user:` entry. */
export const UserSchema = z.object({
  token: z.string().optional(),
  tokenFile: z.string().optional(),
  'client-certificate': z.string().optional(),
  'client-certificate-data': z.string().optional(),
  'client-key': z.string().optional(),
  'client-key-data': z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  exec: ExecConfigSchema.nullish(),
  'auth-provider': AuthProviderSchema.nullish(),
});
/** A user (credentials) as read from a kubeconfig. */
export type User = z.infer<typeof UserSchema>;

/** A `context:` entry. */
export const ContextSchema = z.object({
  cluster: z.string().optional(),
  user: z.string().optional(),
  namespace: z.string().optional(),
});
/** A context as read from a kubeconfig. */
export type Context = z.infer<typeof ContextSchema>;

/** The whole file. `null` sections are read as empty, as kubectl writes them. */
export const KubeconfigSchema = z.object({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  'current-context': z.string().optional(),
  clusters: list(z.object({ name: z.string().min(1), cluster: ClusterSchema })),
  users: list(z.object({ name: z.string().min(1), user: UserSchema.nullish().transform((v): User => v ?? {}) })),
  contexts: list(z.object({ name: z.string().min(1), context: ContextSchema })),
});
/** A kubeconfig document after validation. */
export type Kubeconfig = z.infer<typeof KubeconfigSchema>;

/** Where a kubeconfig came from: a file on disk, or text the user pasted into the app. */
export type KubeconfigOrigin = { kind: 'file'; path: string } | { kind: 'pasted'; id: string };

/** A value with the file it came from. */
export interface Sourced<T> {
  /** The value. */
  value: T;
  /** Where it was defined. */
  origin: KubeconfigOrigin;
}

/** How a context authenticates, as shown to the user. */
export type AuthKind = 'token' | 'token-file' | 'client-cert' | 'basic' | 'exec' | 'oidc' | 'none' | 'unsupported';

/** One parsed kubeconfig with relative paths already resolved against its directory. */
export interface LoadedKubeconfig {
  /** Where the text came from. */
  origin: KubeconfigOrigin;
  /** The file's `current-context`, if any. */
  currentContext?: string;
  /** Clusters by name, in file order. */
  clusters: ReadonlyMap<string, Cluster>;
  /** Users by name, in file order. */
  users: ReadonlyMap<string, User>;
  /** Contexts by name, in file order. */
  contexts: ReadonlyMap<string, Context>;
}

/** A human label for an origin, used in messages: the file path or "pasted kubeconfig". */
export function originLabel(origin: KubeconfigOrigin): string {
  return origin.kind === 'file' ? origin.path : 'pasted kubeconfig';
}

/** A stable string key for an origin. */
export function originKey(origin: KubeconfigOrigin): string {
  return origin.kind === 'file' ? `file:${origin.path}` : `pasted:${origin.id}`;
}

/** The ExecCredential API versions MLDeck speaks (v1alpha1 was removed from Kubernetes in 1.24). */
export const EXEC_API_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'] as const;
/** One of {@link EXEC_API_VERSIONS}. */
export type ExecApiVersion = (typeof EXEC_API_VERSIONS)[number];

/** Is this a supported ExecCredential API version? */
export function isExecApiVersion(v: string | undefined): v is ExecApiVersion {
  return (EXEC_API_VERSIONS as readonly string[]).includes(v ?? '');
}
