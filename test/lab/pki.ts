// SPDX-License-Identifier: Apache-2.0
/**
 * A real PKI per cluster, made with openssl: a CA, the API server's serving certificate,
 * the service-account signing key, an admin client certificate (system:masters), and the
 * static token file for the lab's users.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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

/** The files of a cluster's PKI under `dir`. */
function pkiFiles(dir: string): ClusterPki {
  const p = (f: string) => join(dir, f);
  return {
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
}

/** Whether every key and certificate is there and both certificates were signed by this CA. */
function isWhole(pki: ClusterPki): boolean {
  const files = [pki.caCrt, pki.caKey, pki.apiserverCrt, pki.apiserverKey, pki.saKey, pki.saPub, pki.adminCrt, pki.adminKey];
  if (!files.every((f) => existsSync(f))) return false;
  try {
    openssl(['verify', '-CAfile', pki.caCrt, pki.apiserverCrt, pki.adminCrt], pki.dir);
    return true;
  } catch {
    return false;
  }
}

/** Makes a CA, the API server's serving certificate, the service-account key and the admin certificate in `dir`. */
function generate(dir: string): void {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=mldeck-lab-ca'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'apiserver.key', '-out', 'apiserver.csr', '-subj', '/CN=kube-apiserver'], dir);
  writeFileSync(
    join(dir, 'srv.ext'),
    'subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:lab.mldeck.internal\nextendedKeyUsage=serverAuth\n',
  );
  const sign = (csr: string, out: string, ext: string) =>
    openssl(['x509', '-req', '-in', csr, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '3650', '-out', out, '-extfile', ext], dir);
  sign('apiserver.csr', 'apiserver.crt', 'srv.ext');
  openssl(['genrsa', '-out', 'sa.key', '2048'], dir);
  openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'admin.key', '-out', 'admin.csr', '-subj', '/O=system:masters/CN=lab-admin-cert'], dir);
  writeFileSync(join(dir, 'cli.ext'), 'extendedKeyUsage=clientAuth\n');
  sign('admin.csr', 'admin.crt', 'cli.ext');
}

/** Directories this process has found whole (checking costs an openssl run). */
const checked = new Set<string>();

/**
 * Creates (once) and returns the PKI of a cluster under `dir`. Several processes may ask at once
 * (parallel test workers, `lab status` beside `lab up`): each makes a whole PKI in a folder of its
 * own and renames it into place; the first rename wins and the others use its files. Made in
 * place, two of them once left an API server certificate signed by a CA that the other had
 * overwritten, and the cluster never became ready ("unable to verify the first certificate").
 * A folder left broken that way is moved aside and made again.
 */
export function ensurePki(dir: string): ClusterPki {
  const pki = pkiFiles(dir);
  if (!checked.has(dir) && !isWhole(pki)) {
    // looked at again: another process may have just renamed a whole one into place
    if (existsSync(dir) && !isWhole(pki)) {
      try {
        renameSync(dir, `${dir}.broken-${Date.now()}-${process.pid}`);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    mkdirSync(dirname(dir), { recursive: true });
    const tmp = `${dir}.new-${process.pid}-${randomBytes(4).toString('hex')}`;
    mkdirSync(tmp);
    try {
      generate(tmp);
      renameSync(tmp, dir);
    } catch (e) {
      // another process renamed its own folder into place first: use that one
      if (!isWhole(pki)) throw e;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  checked.add(dir);
  const lines = Object.values(labUsers).map((u, i) => `${u.token},${u.user},u-${i},"${u.groups.join(',')}"`);
  const tokens = lines.join('\n') + '\n';
  if (!existsSync(pki.tokens) || readFileSync(pki.tokens, 'utf8') !== tokens) {
    const tmp = `${pki.tokens}.${process.pid}`;
    writeFileSync(tmp, tokens, { mode: 0o600 });
    renameSync(tmp, pki.tokens);
  }
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
