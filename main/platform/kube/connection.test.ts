// SPDX-License-Identifier: Apache-2.0
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConnection, type KubeConnection } from './connection';
import { ExecCredentialRunner } from './exec-credential';
import { parseKubeconfig } from './kubeconfig-load';
import { mergeKubeconfigs } from './kubeconfig-merge';
import type { KubeconfigOrigin } from './kubeconfig-model';
import { makePki, type TestCert, type TestPki } from './testing/pki';

let pki: TestPki;
let client: TestCert;
let other: TestCert;
const b64 = (b: Buffer) => b.toString('base64');

beforeAll(() => {
  pki = makePki('conn');
  client = pki.issue('client', []);
  other = pki.issue('other', []);
});

async function connect(yaml: string, context: string, origin?: KubeconfigOrigin, env: Record<string, string> = {}): Promise<KubeConnection> {
  const o = origin ?? { kind: 'file', path: path.join(pki.dir, 'config') };
  const r = parseKubeconfig(yaml, o, { platform: 'linux' });
  if (!r.ok) throw new Error(r.error.message);
  const merged = mergeKubeconfigs([r.config]);
  const entry = merged.contexts.find((c) => c.name === context);
  if (!entry) throw new Error('no context');
  const execRunner = new ExecCredentialRunner({ approvals: { isApproved: () => Promise.resolve(false) } });
  return resolveConnection(entry, merged, { execRunner, env });
}

const kc = (cluster: string, user = '{}') => `
clusters: [{ name: c, cluster: ${cluster} }]
users: [{ name: u, user: ${user} }]
contexts: [{ name: x, context: { cluster: c, user: u, namespace: ml } }]
`;

describe('resolveConnection', () => {
  it('reads CA, client cert and key from files relative to the kubeconfig', async () => {
    const yaml = kc(
      '{ server: "https://10.0.0.1:6443/prefix", certificate-authority: ca.crt, tls-server-name: api.internal }',
      '{ client-certificate: client.crt, client-key: client.key }',
    );
    const conn = await connect(yaml, 'x');
    expect(conn.tls).toEqual({ ca: pki.ca.cert, cert: client.cert, key: client.key, servername: 'api.internal', rejectUnauthorized: true });
    expect(conn.server.href).toBe('https://10.0.0.1:6443/prefix');
    expect(conn.namespace).toBe('ml');
    expect(conn.insecure).toBe(false);
    expect(conn.auth.kind).toBe('client-cert');
    expect(conn.proxy).toBeUndefined();
  });

  it('prefers inline data over files, as client-go does', async () => {
    const yaml = kc(`{ server: "https://x", certificate-authority-data: "${b64(pki.ca.cert)}", certificate-authority: /nonexistent/ca.crt }`);
    expect((await connect(yaml, 'x')).tls.ca).toEqual(pki.ca.cert);
  });

  it('names a missing certificate file', async () => {
    const yaml = kc('{ server: "https://x" }', '{ client-certificate: missing.crt, client-key: client.key }');
    await expect(connect(yaml, 'x')).rejects.toMatchObject({
      code: 'validation',
      message: `Cannot read client-certificate file "${path.join(pki.dir, 'missing.crt')}": file not found.`,
    });
  });

  it('refuses bad base64, non-PEM data and mismatched cert/key', async () => {
    await expect(connect(kc('{ server: "https://x", certificate-authority-data: "%%%" }'), 'x')).rejects.toMatchObject({
      message: 'certificate-authority-data is not valid base64.',
    });
    await expect(connect(kc(`{ server: "https://x", certificate-authority-data: "${b64(Buffer.from('hello'))}" }`), 'x')).rejects.toMatchObject({
      message: expect.stringMatching(/certificate authority of cluster "c" is not a usable PEM/),
    });
    const mismatch = `{ client-certificate-data: "${b64(client.cert)}", client-key-data: "${b64(other.key)}" }`;
    await expect(connect(kc('{ server: "https://x" }', mismatch), 'x')).rejects.toMatchObject({
      message: 'The client certificate and key of user "u" do not match.',
    });
  });

  it('turns verification off only with insecure-skip-tls-verify, and refuses it with a CA', async () => {
    const conn = await connect(kc('{ server: "https://x", insecure-skip-tls-verify: true }'), 'x');
    expect(conn.tls.rejectUnauthorized).toBe(false);
    expect(conn.insecure).toBe(true);
    await expect(connect(kc('{ server: "https://x", insecure-skip-tls-verify: true, certificate-authority: ca.crt }'), 'x')).rejects.toMatchObject({
      code: 'validation',
    });
    expect((await connect(kc('{ server: "http://127.0.0.1:8001" }'), 'x')).insecure).toBe(true);
  });

  it('takes proxy-url over the environment, honours NO_PROXY as Go does, accepts socks5 and socks5h', async () => {
    const env = { HTTPS_PROXY: 'http://envproxy:3128', NO_PROXY: 'skip.example,.sub.example' };
    expect((await connect(kc('{ server: "https://x", proxy-url: "http://kc:8080" }'), 'x', undefined, env)).proxy?.host).toBe('kc:8080');
    expect((await connect(kc('{ server: "https://x" }'), 'x', undefined, env)).proxy?.host).toBe('envproxy:3128');
    expect((await connect(kc('{ server: "https://skip.example" }'), 'x', undefined, env)).proxy).toBeUndefined();
    expect((await connect(kc('{ server: "https://a.sub.example" }'), 'x', undefined, env)).proxy).toBeUndefined();
    // A leading dot matches subdomains only (Go's httpproxy), so the bare name goes through the proxy.
    expect((await connect(kc('{ server: "https://sub.example" }'), 'x', undefined, env)).proxy?.host).toBe('envproxy:3128');
    expect((await connect(kc('{ server: "https://x", proxy-url: "socks5://p:1080" }'), 'x')).proxy?.href).toBe('socks5://p:1080');
    expect((await connect(kc('{ server: "https://x" }'), 'x', undefined, { HTTPS_PROXY: 'socks5h://s' })).proxy?.protocol).toBe('socks5h:');
    await expect(connect(kc('{ server: "https://x", proxy-url: "ftp://u:secret@p" }'), 'x')).rejects.toMatchObject({
      code: 'validation',
      message: expect.not.stringMatching(/secret/),
    });
    await expect(connect(kc('{ server: "https://x" }'), 'x', undefined, { HTTPS_PROXY: 'foo://p' })).rejects.toMatchObject({
      message: expect.stringMatching(/HTTPS_PROXY .* scheme foo: is not supported/),
    });
  });

  it('refuses bad servers, auth providers, token+basic and relative paths in pasted text', async () => {
    await expect(connect(kc('{ server: "ftp://x" }'), 'x')).rejects.toMatchObject({ code: 'validation' });
    await expect(connect(kc('{ server: "https://x" }', '{ auth-provider: { name: gcp } }'), 'x')).rejects.toMatchObject({
      message: expect.stringMatching(/The gcp auth plugin has been removed\. Please use the "gke-gcloud-auth-plugin"/),
    });
    await expect(connect(kc('{ server: "https://x" }', '{ auth-provider: { name: oidc, config: { client-id: c } } }'), 'x')).rejects.toMatchObject({
      code: 'validation',
      message: 'User "u": Must provide idp-issuer-url.',
    });
    await expect(connect(kc('{ server: "https://x" }', '{ token: t, username: a, password: b }'), 'x')).rejects.toMatchObject({ code: 'validation' });
    const pasted = { kind: 'pasted', id: 'p' } as const;
    await expect(connect(kc('{ server: "https://x", certificate-authority: ca.crt }'), 'x', pasted)).rejects.toMatchObject({
      message: expect.stringMatching(/"ca.crt" is a relative path/),
    });
  });

  it('builds token, token-file, basic and exec providers', async () => {
    const tok = await connect(kc('{ server: "https://x" }', '{ token: abc }'), 'x');
    expect(await tok.auth.credentials()).toEqual({ authorization: 'Bearer abc' });
    const basic = await connect(kc('{ server: "https://x" }', '{ username: ana, password: "p:w" }'), 'x');
    expect(await basic.auth.credentials()).toEqual({ authorization: `Basic ${b64(Buffer.from('ana:p:w'))}` });
    writeFileSync(path.join(pki.dir, 'token'), 'from-file\n');
    const tf = await connect(kc('{ server: "https://x" }', '{ tokenFile: token }'), 'x');
    expect(await tf.auth.credentials()).toEqual({ authorization: 'Bearer from-file' });
    const exec = await connect(
      kc('{ server: "https://x" }', '{ exec: { apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never, command: /bin/sh } }'),
      'x',
    );
    expect(exec.auth.kind).toBe('exec');
    await expect(exec.auth.credentials()).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});
