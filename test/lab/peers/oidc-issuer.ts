// SPDX-License-Identifier: Apache-2.0
/**
 * lab-a's OIDC identity provider (oidc-issuer.mjs): its fixed settings, the API server's
 * structured authentication config that trusts it (apiserver.config.k8s.io/v1
 * AuthenticationConfiguration: `sub` → user `oidc:<sub>`, `groups` → `oidc:<group>`), starting it
 * before lab-a's kube-apiserver, and the test calls that give a first token pair and read counts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import type { LabCluster } from '../control-plane.ts';
import { repoRoot } from '../paths.ts';
import { ensureOidcIssuerPki } from '../pki.ts';
import { startProcess, waitFor } from '../process.ts';

/** The issuer's fixed settings (lab-a only). */
export const oidcLab = {
  port: 15556,
  issuer: 'https://127.0.0.1:15556',
  clientId: 'mldeck-lab',
  clientSecret: 'mldeck-lab-oidc-secret',
  /** Prefix the API server puts before `sub` to make the user name. */
  usernamePrefix: 'oidc:',
  /** A subject bound to the ClusterRole `view` in lab-a (see seed-cluster.ts). */
  viewerSubject: 'oidc-viewer',
  /** Lifetime of the ID tokens it issues. */
  ttlSeconds: 300,
} as const;

/** The process name of the issuer. */
export const oidcIssuerProcess = 'lab-a-oidc-issuer';

/** Writes the API server's authentication config for the issuer; returns its path. */
export function writeAuthenticationConfig(c: LabCluster): string {
  const file = join(c.dir, 'authentication-config.yaml');
  const ca = readFileSync(c.pki.caCrt, 'utf8');
  const config = {
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'AuthenticationConfiguration',
    jwt: [
      {
        issuer: { url: oidcLab.issuer, audiences: [oidcLab.clientId], certificateAuthority: ca },
        claimMappings: {
          username: { claim: 'sub', prefix: oidcLab.usernamePrefix },
          groups: { claim: 'groups', prefix: oidcLab.usernamePrefix },
        },
      },
    ],
  };
  // JSON is YAML; the API server reads either.
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** Starts the issuer (unless running) with a certificate from the cluster's CA, and waits for it. */
export async function startOidcIssuer(c: LabCluster): Promise<void> {
  const pki = ensureOidcIssuerPki(c.pki);
  const configFile = join(c.dir, 'oidc-issuer.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      port: oidcLab.port,
      issuer: oidcLab.issuer,
      certFile: pki.crt,
      keyFile: pki.key,
      signingKeyFile: pki.signingKey,
      clientId: oidcLab.clientId,
      clientSecret: oidcLab.clientSecret,
      ttlSeconds: oidcLab.ttlSeconds,
    }),
    { mode: 0o600 },
  );
  startProcess(oidcIssuerProcess, process.execPath, [join(repoRoot, 'test', 'lab', 'peers', 'oidc-issuer.mjs'), configFile]);
  await waitFor(oidcIssuerProcess, 'discovery', async () => (await issuerCall(c.pki.caCrt, 'GET', '/.well-known/openid-configuration')).status === 200);
}

function issuerCall(caFile: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${oidcLab.issuer}${path}`,
      { method, ca: readFileSync(caFile), agent: new Agent({ keepAlive: false }), timeout: 3000, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/**
 * A first ID token and refresh token for a subject, as a login would give them.
 * @param caFile - lab-a's CA
 * @param sub - the subject
 * @param expiresIn - seconds until the ID token expires (negative: already expired)
 */
export async function mintOidcTokens(caFile: string, sub: string, expiresIn: number): Promise<{ idToken: string; refreshToken: string }> {
  const r = await issuerCall(caFile, 'POST', '/test/mint', { sub, expiresIn });
  if (r.status !== 200) throw new Error(`the lab's OIDC issuer answered ${r.status}: ${r.body}`);
  const j = JSON.parse(r.body) as { id_token: string; refresh_token: string };
  return { idToken: j.id_token, refreshToken: j.refresh_token };
}

/** How many refreshes the issuer served and refused, and how many token pairs it minted. */
export async function oidcIssuerStats(caFile: string): Promise<{ refreshes: number; refused: number; minted: number }> {
  const r = await issuerCall(caFile, 'GET', '/test/stats');
  return JSON.parse(r.body) as { refreshes: number; refused: number; minted: number };
}
