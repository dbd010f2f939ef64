// SPDX-License-Identifier: Apache-2.0
/**
 * The problems shown next to a context: what kubectl would refuse, what MLDeck does not support,
 * and what cannot work (missing cluster, relative paths in pasted text). Never quotes secrets.
 */
import path from 'node:path';
import { isExecApiVersion, type Cluster, type Context, type KubeconfigOrigin, type Sourced, type User } from './kubeconfig-model';
import { oidcConfigProblem } from './oidc-auth';
import { parseProxyUrl, parseServerUrl } from './urls';

/** kubectl's words for the auth providers client-go removed in 1.26 (gcp_stub.go, azure_stub.go). */
const REMOVED_PROVIDERS: Record<string, string> = {
  gcp: 'The gcp auth plugin has been removed. Please use the "gke-gcloud-auth-plugin" kubectl/client-go credential plugin instead. See https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke for further details',
  azure:
    'The azure auth plugin has been removed. Please use the https://github.com/Azure/kubelogin kubectl/client-go credential plugin instead. See https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins for further details',
};

/** The sentence for an auth-provider MLDeck (like kubectl) does not run: gcp, azure, or an unknown name. */
export function authProviderProblem(name: string): string {
  return REMOVED_PROVIDERS[name] ?? `no Auth Provider found for name "${name}"`;
}

function isAbsolute(p: string): boolean {
  return path.posix.isAbsolute(p) || path.win32.isAbsolute(p);
}

function relativePathProblems(origin: KubeconfigOrigin, fields: Record<string, string | undefined>): string[] {
  if (origin.kind !== 'pasted') return [];
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined && v !== '' && !isAbsolute(v))
    .map(([k, v]) => `${k} "${v ?? ''}" is a relative path, which cannot be resolved for a pasted kubeconfig`);
}

/** Problems of a cluster entry. */
export function clusterProblems(name: string, cluster: Sourced<Cluster>): string[] {
  const c = cluster.value;
  const out: string[] = [];
  const server = parseServerUrl(c.server);
  if (!server.ok) out.push(`cluster "${name}": ${server.problem}`);
  const hasCa = Boolean(c['certificate-authority'] || c['certificate-authority-data']);
  if (c['insecure-skip-tls-verify'] === true && hasCa) {
    out.push(`cluster "${name}" sets both insecure-skip-tls-verify and a certificate authority; kubectl refuses this`);
  }
  if (c['proxy-url']) {
    const proxy = parseProxyUrl(c['proxy-url']);
    if (!proxy.ok) out.push(`cluster "${name}": ${proxy.problem}`);
  }
  out.push(...relativePathProblems(cluster.origin, { 'certificate-authority': c['certificate-authority'] }));
  return out;
}

/** Problems of a user entry. */
export function userProblems(name: string, user: Sourced<User>): string[] {
  const u = user.value;
  const out: string[] = [];
  const provider = u['auth-provider'];
  if (provider?.name === 'oidc') {
    const problem = oidcConfigProblem(provider.config);
    if (problem) out.push(`user "${name}": ${problem}`);
  } else if (provider) out.push(`user "${name}": ${authProviderProblem(provider.name)}`);
  const hasBasic = u.username !== undefined || u.password !== undefined;
  if ((u.token || u.tokenFile) && hasBasic) {
    out.push(`user "${name}" sets both a token and a username/password; kubectl refuses this`);
  }
  const hasCert = Boolean(u['client-certificate'] || u['client-certificate-data']);
  const hasKey = Boolean(u['client-key'] || u['client-key-data']);
  if (hasCert !== hasKey) out.push(`user "${name}" has a client ${hasCert ? 'certificate without a key' : 'key without a certificate'}`);
  const exec = u.exec;
  if (exec) {
    if (u.token || u.tokenFile || hasBasic || hasCert) {
      out.push(`user "${name}": the exec plugin is not used because static credentials are set (kubectl does the same)`);
    }
    if (!isExecApiVersion(exec.apiVersion)) {
      out.push(`user "${name}": exec apiVersion "${exec.apiVersion ?? ''}" is not supported; use client.authentication.k8s.io/v1 or v1beta1`);
    }
    if (exec.interactiveMode === 'Always') {
      out.push(`user "${name}": the exec plugin needs an interactive terminal (interactiveMode: Always), which MLDeck cannot provide`);
    }
    if (exec.command === '') out.push(`user "${name}": the exec plugin has an empty command`);
  }
  out.push(
    ...relativePathProblems(user.origin, {
      tokenFile: u.tokenFile,
      'client-certificate': u['client-certificate'],
      'client-key': u['client-key'],
    }),
  );
  return out;
}

/**
 * Everything that looks wrong with a context after merging.
 * @param ctx - the context
 * @param cluster - the cluster it names, if found
 * @param user - the user it names, if found
 */
export function contextProblems(ctx: Context, cluster: Sourced<Cluster> | undefined, user: Sourced<User> | undefined): string[] {
  const out: string[] = [];
  if (!ctx.cluster) out.push('the context names no cluster');
  else if (!cluster) out.push(`cluster "${ctx.cluster}" is not defined in any loaded kubeconfig`);
  else out.push(...clusterProblems(ctx.cluster, cluster));
  if (ctx.user && !user) out.push(`user "${ctx.user}" is not defined in any loaded kubeconfig`);
  else if (ctx.user && user) out.push(...userProblems(ctx.user, user));
  return out;
}
