// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { parseKubeconfig } from './kubeconfig-load';
import { contextEntryId, mergeKubeconfigs, type ContextEntry } from './kubeconfig-merge';
import type { KubeconfigOrigin, LoadedKubeconfig } from './kubeconfig-model';

function load(text: string, origin: KubeconfigOrigin): LoadedKubeconfig {
  const r = parseKubeconfig(text, origin, { platform: 'linux' });
  if (!r.ok) throw new Error(r.error.message);
  return r.config;
}
const A = { kind: 'file', path: '/k/a' } as const;
const B = { kind: 'file', path: '/k/b' } as const;

const fileA = `
current-context: shared
clusters:
- name: c1
  cluster: { server: "https://a.example" }
users:
- name: u1
  user: { token: "TOKEN-A-SECRET" }
contexts:
- name: shared
  context: { cluster: c1, user: u1 }
- name: only-a
  context: { cluster: c1, user: u1, namespace: team-a }
`;
const fileB = `
current-context: only-b
clusters:
- name: c1
  cluster: { server: "https://b.example" }
- name: c2
  cluster: { server: "https://c2.example", insecure-skip-tls-verify: true }
users:
- name: u1
  user: { token: "TOKEN-B-SECRET" }
- name: u2
  user: { username: admin, password: "PASSWORD-SECRET" }
contexts:
- name: shared
  context: { cluster: c2, user: u2 }
- name: only-b
  context: { cluster: c1, user: u2 }
`;

function byName(entries: ContextEntry[], name: string): ContextEntry {
  const e = entries.find((x) => x.name === name);
  if (!e) throw new Error(`no context ${name}`);
  return e;
}

describe('mergeKubeconfigs', () => {
  const merged = mergeKubeconfigs([load(fileA, A), load(fileB, B)]);

  it('lets the first file win for contexts, clusters, users and current-context', () => {
    expect(merged.contexts.map((c) => c.name)).toEqual(['shared', 'only-a', 'only-b']);
    const shared = byName(merged.contexts, 'shared');
    expect(shared.origin).toEqual(A);
    expect(shared.server).toBe('https://a.example');
    expect(shared.current).toBe(true);
    expect(merged.currentContextId).toBe(shared.id);
    // A context from file B naming cluster c1 gets file A's c1, as with kubectl.
    const onlyB = byName(merged.contexts, 'only-b');
    expect(onlyB.origin).toEqual(B);
    expect(onlyB.server).toBe('https://a.example');
    expect(merged.clusters.get('c1')?.origin).toEqual(A);
    expect(merged.shadowed).toEqual([{ name: 'shared', origin: B, winner: A }]);
  });

  it('fills namespace, auth kind and insecure', () => {
    expect(byName(merged.contexts, 'only-a').namespace).toBe('team-a');
    expect(byName(merged.contexts, 'shared').namespace).toBe('default');
    expect(byName(merged.contexts, 'shared').authKind).toBe('token');
    expect(byName(merged.contexts, 'only-b').authKind).toBe('basic');
    const rev = mergeKubeconfigs([load(fileB, B), load(fileA, A)]);
    expect(byName(rev.contexts, 'shared').insecure).toBe(true);
    expect(byName(rev.contexts, 'shared').origin).toEqual(B);
  });

  it('gives stable ids from origin and name', () => {
    const again = mergeKubeconfigs([load(fileA, A), load(fileB, B)]);
    expect(again.contexts.map((c) => c.id)).toEqual(merged.contexts.map((c) => c.id));
    expect(byName(merged.contexts, 'shared').id).toBe(contextEntryId(A, 'shared'));
    expect(contextEntryId(A, 'x')).not.toBe(contextEntryId(B, 'x'));
    expect(contextEntryId({ kind: 'pasted', id: 'x' }, 'n')).not.toBe(contextEntryId({ kind: 'file', path: 'x' }, 'n'));
  });

  it('puts no secrets in the entries the UI receives', () => {
    const json = JSON.stringify(merged.contexts);
    expect(json).not.toMatch(/SECRET/);
  });
});

describe('context problems and auth kinds', () => {
  const text = `
clusters:
- name: ok
  cluster: { server: "https://ok.example" }
- name: both
  cluster: { server: "https://x", insecure-skip-tls-verify: true, certificate-authority-data: "QUJD" }
- name: socks
  cluster: { server: "https://x", proxy-url: "socks5://user:pw@proxy:1080" }
- name: ftp
  cluster: { server: "ftp://x" }
- name: rel
  cluster: { server: "https://x", certificate-authority: "ca.crt" }
users:
- name: gcp
  user: { auth-provider: { name: gcp } }
- name: azure
  user: { auth-provider: { name: azure } }
- name: oidc
  user: { auth-provider: { name: oidc, config: { idp-issuer-url: "https://idp", client-id: c, refresh-token: R3FR3SH } } }
- name: oidc-half
  user: { auth-provider: { name: oidc, config: { idp-issuer-url: "https://idp" } } }
- name: exec
  user: { exec: { apiVersion: client.authentication.k8s.io/v1, command: kubelogin, args: [get-token, --oidc-client-secret=S3CR3T] } }
- name: exec-old
  user: { exec: { apiVersion: client.authentication.k8s.io/v1alpha1, command: x, interactiveMode: Always } }
- name: exec-shadowed
  user: { token: t, exec: { apiVersion: client.authentication.k8s.io/v1, command: x } }
- name: tok-basic
  user: { token: t, username: u, password: p }
- name: half-cert
  user: { client-certificate-data: QUJD }
- name: cert
  user: { client-certificate-data: QUJD, client-key-data: QUJD }
- name: tokfile
  user: { tokenFile: /var/run/token }
contexts:
- { name: gcp, context: { cluster: ok, user: gcp } }
- { name: azure, context: { cluster: ok, user: azure } }
- { name: oidc, context: { cluster: ok, user: oidc } }
- { name: oidc-half, context: { cluster: ok, user: oidc-half } }
- { name: exec, context: { cluster: ok, user: exec } }
- { name: exec-old, context: { cluster: ok, user: exec-old } }
- { name: exec-shadowed, context: { cluster: ok, user: exec-shadowed } }
- { name: tok-basic, context: { cluster: ok, user: tok-basic } }
- { name: half-cert, context: { cluster: ok, user: half-cert } }
- { name: cert, context: { cluster: ok, user: cert } }
- { name: tokfile, context: { cluster: ok, user: tokfile } }
- { name: anon, context: { cluster: ok } }
- { name: both, context: { cluster: both } }
- { name: socks, context: { cluster: socks } }
- { name: ftp, context: { cluster: ftp } }
- { name: rel, context: { cluster: rel } }
- { name: lost, context: { cluster: nowhere, user: nobody } }
- { name: empty, context: {} }
`;
  const entries = mergeKubeconfigs([load(text, { kind: 'pasted', id: 'p' })]).contexts;
  const e = (n: string) => byName(entries, n);

  it('classifies auth', () => {
    expect(e('gcp').authKind).toBe('unsupported');
    expect(e('oidc').authKind).toBe('oidc');
    expect(e('exec').authKind).toBe('exec');
    expect(e('exec').execCommand).toBe('kubelogin');
    expect(e('exec-shadowed').authKind).toBe('token');
    expect(e('cert').authKind).toBe('client-cert');
    expect(e('tokfile').authKind).toBe('token-file');
    expect(e('anon').authKind).toBe('none');
  });

  it('explains what cannot work', () => {
    expect(e('exec').problems).toEqual([]);
    expect(e('gcp').problems[0]).toMatch(/The gcp auth plugin has been removed\. Please use the "gke-gcloud-auth-plugin"/);
    expect(e('azure').problems[0]).toMatch(/The azure auth plugin has been removed\. Please use the https:\/\/github.com\/Azure\/kubelogin/);
    expect(e('oidc').problems).toEqual([]);
    expect(e('oidc-half').problems).toEqual(['user "oidc-half": Must provide client-id']);
    expect(e('exec-old').problems.join('\n')).toMatch(/v1alpha1" is not supported[\s\S]*interactive terminal/);
    expect(e('exec-shadowed').problems[0]).toMatch(/exec plugin is not used because static credentials are set/);
    expect(e('tok-basic').problems[0]).toMatch(/both a token and a username\/password/);
    expect(e('half-cert').problems[0]).toMatch(/certificate without a key/);
    expect(e('both').problems[0]).toMatch(/both insecure-skip-tls-verify and a certificate authority/);
    expect(e('socks').problems).toEqual([]);
    expect(e('ftp').problems[0]).toMatch(/must use https:\/\/ or http:\/\//);
    expect(e('rel').problems[0]).toMatch(/"ca.crt" is a relative path.*pasted kubeconfig/);
    expect(e('lost').problems).toEqual(['cluster "nowhere" is not defined in any loaded kubeconfig', 'user "nobody" is not defined in any loaded kubeconfig']);
    expect(e('empty').problems).toEqual(['the context names no cluster']);
  });

  it('never copies exec args (they may hold client secrets) into entries', () => {
    expect(JSON.stringify(entries)).not.toContain('S3CR3T');
    expect(JSON.stringify(entries)).not.toContain('R3FR3SH');
  });
});
