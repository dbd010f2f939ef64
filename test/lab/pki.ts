// SPDX-License-Identifier: Apache-2.0
/**
 * A real PKI per cluster, made with openssl: a CA, the API server's serving certificate,
 * the service-account signing key, an admin client certificate (system:masters), and the
 * static token file for the lab's users.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The static users of every lab cluster: token, user name, groups. */
export const labUsers = {
  admin: { token: 'mldeck-admin-token', user: 'lab-admin', groups: ['system:masters'] },
  alice: { token: 'mldeck-alice-token', user: 'alice', groups: ['team-a'] },
  exec: { token: 'mldeck-exec-token', user: 'exec-user', groups: ['lab-exec'] },
} as const;

/** Files of one cluster's PKI. */
export interface ClusterPki {
  dir: string;
  caCrt: string;
  caKey: string;
  apiserverCrt: string;
  apiserverKey: string;
  saKey: string;
  saPub: string;
  adminCrt: string;
  adminKey: string;
  tokens: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Creates (once) and returns the PKI of a cluster under `dir`. */
export function ensurePki(dir: string): ClusterPki {
  mkdirSync(dir, { recursive: true });
  const p = (f: string) => join(dir, f);
  const pki: ClusterPki = {
    dir,
    caCrt: p('ca.crt'),
    caKey: p('ca.key'),
    apiserverCrt: p('apiserver.crt'),
    apiserverKey: p('apiserver.key'),
    saKey: p('sa.key'),
    saPub: p('sa.pub'),
    adminCrt: p('admin.crt'),
    adminKey: p('admin.key'),
    tokens: p('tokens.csv'),
  };
  if (!existsSync(pki.caCrt)) {
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=mldeck-lab-ca'], dir);
  }
  if (!existsSync(pki.apiserverCrt)) {
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'apiserver.key', '-out', 'apiserver.csr', '-subj', '/CN=kube-apiserver'], dir);
    writeFileSync(
      p('srv.ext'),
      'subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:lab.mldeck.internal\nextendedKeyUsage=serverAuth\n',
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        'apiserver.csr',
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '3650',
        '-out',
        'apiserver.crt',
        '-extfile',
        'srv.ext',
      ],
      dir,
    );
  }
  if (!existsSync(pki.saKey)) {
    openssl(['genrsa', '-out', 'sa.key', '2048'], dir);
    openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
  }
  if (!existsSync(pki.adminCrt)) {
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'admin.key', '-out', 'admin.csr', '-subj', '/O=system:masters/CN=lab-admin-cert'], dir);
    writeFileSync(p('cli.ext'), 'extendedKeyUsage=clientAuth\n');
    openssl(
      ['x509', '-req', '-in', 'admin.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '3650', '-out', 'admin.crt', '-extfile', 'cli.ext'],
      dir,
    );
  }
  const lines = Object.values(labUsers).map((u, i) => `${u.token},${u.user},u-${i},"${u.groups.join(',')}"`);
  writeFileSync(pki.tokens, lines.join('\n') + '\n', { mode: 0o600 });
  return pki;
}

/** Files of lab-a's OIDC issuer: its serving certificate (from the cluster CA) and its JWT signing key. */
export interface OidcIssuerPki {
  crt: string;
  key: string;
  signingKey: string;
}

/** Creates (once) the OIDC issuer's certificate for 127.0.0.1/localhost and its RSA signing key. */
export function ensureOidcIssuerPki(pki: ClusterPki): OidcIssuerPki {
  const dir = pki.dir;
  const out: OidcIssuerPki = { crt: join(dir, 'oidc-issuer.crt'), key: join(dir, 'oidc-issuer.key'), signingKey: join(dir, 'oidc-signing.key') };
  if (!existsSync(out.crt)) {
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'oidc-issuer.key', '-out', 'oidc-issuer.csr', '-subj', '/CN=mldeck-lab-oidc-issuer'], dir);
    writeFileSync(join(dir, 'oidc.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
    openssl(
      [
        'x509',
        '-req',
        '-in',
        'oidc-issuer.csr',
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '3650',
        '-out',
        'oidc-issuer.crt',
        '-extfile',
        'oidc.ext',
      ],
      dir,
    );
  }
  if (!existsSync(out.signingKey)) openssl(['genrsa', '-out', 'oidc-signing.key', '2048'], dir);
  return out;
}
