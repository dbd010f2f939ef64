// SPDX-License-Identifier: Apache-2.0
/**
 * Clusters: every context of every kubeconfig, their health, Kubeflow discovery and what
 * the user may do (RBAC). No secret ever appears in these types.
 */
import { z } from 'zod';
import { rpc, topic } from '../../ipc/define';
import type { ExecApprovalPrompt } from './exec-invocation';

/** How a context authenticates (never the secret itself). */
export type AuthKind = 'token' | 'token-file' | 'client-cert' | 'basic' | 'exec' | 'oidc' | 'none' | 'unsupported';

/** Where a context came from. */
export type ClusterOrigin = { kind: 'file'; path: string; source: 'env' | 'default' | 'added' | 'lab' } | { kind: 'pasted'; id: string; label: string };

/** One context, as the sidebar and the cluster list show it. */
export interface ClusterSummary {
  /** Stable id: the origin and the context name. */
  id: string;
  /** The context name in the kubeconfig. */
  contextName: string;
  /** The name the user gave it in MLDeck, or the context name. */
  displayName: string;
  origin: ClusterOrigin;
  server: string;
  userName: string;
  namespace: string | undefined;
  authKind: AuthKind;
  /** insecure-skip-tls-verify is set: shown as a warning everywhere. */
  insecure: boolean;
  /** The exec plugin's binary, when authKind is exec. */
  execCommand: string | undefined;
  /** Whether the exec plugin's exact invocation (binary and its content, args, env) is approved. */
  execApproved: boolean | undefined;
  /** Problems found in the kubeconfig for this context (it cannot connect while any remain). */
  problems: string[];
  /** Set when this entry is an opened snapshot (read-only, never contacted). */
  snapshot: { file: string; takenAt: number; server: string } | undefined;
}

/** A kubeconfig file that could not be read, with the reason. */
export interface KubeconfigProblem {
  origin: string;
  message: string;
}

/** The kubectl chain as last read: the files of the KUBECONFIG variable, or ~/.kube/config. */
export interface KubeconfigChain {
  /** Whether a non-empty KUBECONFIG variable chose the files. */
  fromVariable: boolean;
  /** Each file, in order, and whether it was loaded, does not exist, or could not be used (see `problems`). */
  files: { path: string; state: 'loaded' | 'missing' | 'unreadable' }[];
}

/** The list of clusters and the current one. */
export interface ClusterList {
  clusters: ClusterSummary[];
  /** A lab kubeconfig exists beside this MLDeck (a source checkout with `npm run lab -- up` done). */
  labAvailable: boolean;
  currentId: string | undefined;
  problems: KubeconfigProblem[];
  /** What the kubectl chain held, so the welcome page says what was read. */
  kubeconfigChain: KubeconfigChain;
}

/** The result of contacting a cluster. */
export interface ClusterHealth {
  id: string;
  reachable: boolean;
  /** The server's gitVersion, when reachable. */
  version: string | undefined;
  latencyMs: number | undefined;
  /** `needs-approval`: an exec plugin not approved; nothing was run or contacted. */
  auth: 'ok' | 'unauthenticated' | 'forbidden' | 'needs-approval' | 'unknown';
  checkedAt: string;
  /** Why it failed, when it did. */
  error: { code: string; message: string } | undefined;
}

/** The Kubeflow parts a cluster serves. */
export const kubeflowComponents = ['training-v1', 'trainer-v2', 'katib', 'kserve', 'notebooks', 'profiles', 'mpi-v2beta1', 'pipelines'] as const;
/** One of {@link kubeflowComponents}. */
export type KubeflowComponent = (typeof kubeflowComponents)[number];

/** What discovery found. */
export interface ClusterDiscovery {
  id: string;
  components: { component: KubeflowComponent; served: boolean; groupVersion: string; kinds: string[] }[];
}

/** One access question: may the user do `verb` on `resource` (in `namespace`)? */
export const AccessCheck = z.object({
  verb: z.enum(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
  group: z.string().max(253),
  resource: z.string().min(1).max(253),
  namespace: z.string().max(63).optional(),
});
/** {@link AccessCheck} */
export type AccessCheck = z.infer<typeof AccessCheck>;

/** The answer to one {@link AccessCheck}. */
export interface AccessAnswer extends AccessCheck {
  allowed: boolean;
  reason: string;
}

const ClusterId = z.string().min(1).max(512);
/** A request naming one cluster. */
export const ClusterRef = z.object({ clusterId: ClusterId });
/** {@link ClusterRef} */
export type ClusterRef = z.infer<typeof ClusterRef>;

export const AddFileRequest = z.object({ path: z.string().min(1).max(4096) });
export const AddTextRequest = z.object({
  text: z
    .string()
    .min(1)
    .max(5 * 1024 * 1024),
  label: z.string().max(200).optional(),
});
export const RenameRequest = z.object({ clusterId: ClusterId, displayName: z.string().trim().min(1).max(120) });
/** Approves the exec invocation the user was shown, identified by its fingerprint. */
export const ApproveExecRequest = z.object({ clusterId: ClusterId, fingerprint: z.string().regex(/^[0-9a-f]{64}$/) });
export const AccessRequest = z.object({ clusterId: ClusterId, checks: z.array(AccessCheck).min(1).max(100) });

export const clustersContract = {
  list: rpc<Record<string, never>, ClusterList>('clusters:list', z.object({}).strict()),
  setCurrent: rpc<ClusterRef, ClusterList>('clusters:set-current', ClusterRef),
  addFile: rpc<z.infer<typeof AddFileRequest>, ClusterList>('clusters:add-file', AddFileRequest),
  useLab: rpc<Record<string, never>, ClusterList>('clusters:use-lab', z.object({}).strict()),
  addText: rpc<z.infer<typeof AddTextRequest>, ClusterList>('clusters:add-text', AddTextRequest),
  remove: rpc<ClusterRef, ClusterList>('clusters:remove', ClusterRef),
  rename: rpc<z.infer<typeof RenameRequest>, ClusterList>('clusters:rename', RenameRequest),
  describeExec: rpc<ClusterRef, ExecApprovalPrompt>('clusters:describe-exec', ClusterRef),
  approveExec: rpc<z.infer<typeof ApproveExecRequest>, ClusterList>('clusters:approve-exec', ApproveExecRequest),
  health: rpc<ClusterRef, ClusterHealth>('clusters:health', ClusterRef),
  discover: rpc<ClusterRef, ClusterDiscovery>('clusters:discover', ClusterRef),
  access: rpc<z.infer<typeof AccessRequest>, AccessAnswer[]>('clusters:access', AccessRequest),
  changed: topic<ClusterList>('clusters:changed'),
  healthChanged: topic<ClusterHealth>('clusters:health-changed'),
} as const;
