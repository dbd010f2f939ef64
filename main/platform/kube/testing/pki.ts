// SPDX-License-Identifier: Apache-2.0
/** Test-only: a throwaway PKI made with the `openssl` binary (run directly, no shell). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A key pair with its certificate, as files and PEM. */
export interface TestCert {
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
}

/** A CA that can issue leaf certificates. */
export interface TestPki {
  dir: string;
  ca: TestCert;
  /** Issues a certificate for the given subjectAltNames, e.g. `['DNS:kube.internal', 'IP:127.0.0.1']`. */
  issue(name: string, sans: string[]): TestCert;
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** Creates a CA in a fresh temporary directory. */
export function makePki(label = 'ca'): TestPki {
  const dir = mkdtempSync(path.join(tmpdir(), `mldeck-pki-${label}-`));
  const f = (n: string) => path.join(dir, n);
  openssl([
    'req',
    '-x509',
    ...EC,
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.crt'),
    '-days',
    '2',
    '-subj',
    `/CN=${label}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const load = (n: string): TestCert => ({
    certFile: f(`${n}.crt`),
    keyFile: f(`${n}.key`),
    cert: readFileSync(f(`${n}.crt`)),
    key: readFileSync(f(`${n}.key`)),
  });
  return {
    dir,
    ca: load('ca'),
    issue(name, sans) {
      const ext = f(`${name}.ext`);
      writeFileSync(ext, sans.length ? `subjectAltName=${sans.join(',')}\n` : 'basicConstraints=CA:FALSE\n');
      openssl(['req', '-new', ...EC, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${name}`]);
      openssl([
        'x509',
        '-req',
        '-in',
        f(`${name}.csr`),
        '-CA',
        f('ca.crt'),
        '-CAkey',
        f('ca.key'),
        '-CAcreateserial',
        '-out',
        f(`${name}.crt`),
        '-days',
        '2',
        '-extfile',
        ext,
      ]);
      return load(name);
    },
  };
}
