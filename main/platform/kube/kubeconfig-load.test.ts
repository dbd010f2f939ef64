// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_KUBECONFIG_BYTES,
  firstInvalidUtf8Offset,
  kubeconfigSources,
  loadKubeconfigFiles,
  parseKubeconfig,
  readKubeconfigFile,
  type KubeconfigParseResult,
} from './kubeconfig-load';
import type { LoadedKubeconfig } from './kubeconfig-model';

const file = { kind: 'file', path: '/home/ana/.kube/config' } as const;
const pasted = { kind: 'pasted', id: 'p1' } as const;

function ok(r: KubeconfigParseResult): LoadedKubeconfig {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.message}`);
  return r.config;
}
function err(r: KubeconfigParseResult) {
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

const GOOD = `
apiVersion: v1
kind: Config
current-context: dev
preferences: {}
clusters:
- name: dev
  cluster:
    server: https://dev.example:6443
    certificate-authority: certs/ca.crt
    tls-server-name: api.dev
    extensions: [{ name: x, extension: {} }]
users:
- name: ana
  user:
    client-certificate: ana.crt
    client-key: /abs/ana.key
    tokenFile: ../token
- name: eks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [eks, get-token, --cluster-name, dev]
      env: null
- name: local-plugin
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/plugin
contexts:
- name: dev
  context: { cluster: dev, user: ana, namespace: ml }
`;

describe('parseKubeconfig', () => {
  it('reads a valid file, ignores unknown fields and resolves relative paths like kubectl', () => {
    const cfg = ok(parseKubeconfig(GOOD, file, { platform: 'linux' }));
    expect(cfg.currentContext).toBe('dev');
    expect(cfg.clusters.get('dev')).toEqual({
      server: 'https://dev.example:6443',
      'certificate-authority': '/home/ana/.kube/certs/ca.crt',
      'tls-server-name': 'api.dev',
    });
    expect(cfg.users.get('ana')).toEqual({
      'client-certificate': '/home/ana/.kube/ana.crt',
      'client-key': '/abs/ana.key',
      tokenFile: '/home/ana/token',
    });
    // A bare command is looked up in PATH later; one with a separator is relative to the file.
    expect(cfg.users.get('eks')?.exec?.command).toBe('aws');
    expect(cfg.users.get('eks')?.exec?.env).toEqual([]);
    expect(cfg.users.get('local-plugin')?.exec?.command).toBe('/home/ana/.kube/bin/plugin');
    expect(cfg.contexts.get('dev')).toEqual({ cluster: 'dev', user: 'ana', namespace: 'ml' });
  });

  it('resolves Windows paths against the file directory', () => {
    const origin = { kind: 'file', path: 'C:\\Users\\ana\\.kube\\config' } as const;
    const text =
      'users:\n- name: u\n  user:\n    client-key: keys\\u.key\n    exec: { command: "bin\\\\p.exe", apiVersion: client.authentication.k8s.io/v1 }\n';
    const cfg = ok(parseKubeconfig(text, origin, { platform: 'win32' }));
    expect(cfg.users.get('u')?.['client-key']).toBe('C:\\Users\\ana\\.kube\\keys\\u.key');
    expect(cfg.users.get('u')?.exec?.command).toBe('C:\\Users\\ana\\.kube\\bin\\p.exe');
  });

  it('leaves relative paths of pasted text unresolved', () => {
    const cfg = ok(parseKubeconfig('clusters:\n- name: c\n  cluster: { server: "https://x", certificate-authority: ca.crt }\n', pasted));
    expect(cfg.clusters.get('c')?.['certificate-authority']).toBe('ca.crt');
  });

  it('names the file and the YAML path of a wrong type', () => {
    const text = `users:\n- name: a\n  user: {}\n- name: b\n  user: {}\n- name: c\n  user:\n    exec:\n      command: 42\n`;
    const e = err(parseKubeconfig(text, file));
    expect(e.code).toBe('validation');
    expect(e.message).toBe('/home/ana/.kube/config: users[2].user.exec.command: expected string, received number');
  });

  it('reports every schema problem in the detail, pasted text as "pasted kubeconfig"', () => {
    const text = 'clusters:\n- name: c\n  cluster: { server: 1, insecure-skip-tls-verify: "maybe" }\ncontexts: {}\n';
    const e = err(parseKubeconfig(text, pasted));
    expect(e.message).toMatch(/^pasted kubeconfig: clusters\[0\]\.cluster\.server: expected string.*\(and 2 more problems\)$/);
    expect(e.detail).toContain('clusters[0].cluster.insecure-skip-tls-verify: expected boolean, received string');
    expect(e.detail).toContain('contexts: expected array');
  });

  it('refuses a file over 5 MiB without parsing it', () => {
    const big = `clusters: []\n# ${'x'.repeat(6 * 1024 * 1024)}\n`;
    const e = err(parseKubeconfig(big, file));
    expect(e.message).toMatch(/6\.0 MiB; kubeconfigs larger than 5 MiB are refused/);
  });

  it('refuses a billion-laughs alias bomb', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const e = err(parseKubeconfig(lines.join('\n'), file));
    expect(e.message).toMatch(/too many YAML aliases/);
  });

  it('accepts modest anchor use', () => {
    const text = 'users:\n- name: a\n  user: &u { token: t }\n- name: b\n  user: *u\n';
    expect(ok(parseKubeconfig(text, file)).users.get('b')).toEqual({ token: 't' });
  });

  it('refuses non-mapping roots', () => {
    expect(err(parseKubeconfig('- a\n- b\n', file)).message).toMatch(/top level must be a mapping.*found a list/);
    expect(err(parseKubeconfig('just text', file)).message).toMatch(/found a single value/);
  });

  it('reads an empty file as an empty config', () => {
    const cfg = ok(parseKubeconfig('', file));
    expect(cfg.contexts.size).toBe(0);
  });

  it('reports YAML syntax errors by position without quoting the line (it may hold a token)', () => {
    const e = err(parseKubeconfig('users:\n- name: a\n  user:\n    token: "s3cr3t\n', file));
    expect(e.message).toMatch(/is not valid YAML \(line \d+, column \d+/);
    expect(`${e.message} ${e.detail ?? ''}`).not.toContain('s3cr3t');
  });

  it('refuses duplicate keys and duplicate names', () => {
    expect(err(parseKubeconfig('clusters: []\nclusters: []\n', file)).message).toMatch(/Map keys must be unique/);
    const text = 'contexts:\n- name: dev\n  context: {}\n- name: prod\n  context: {}\n- name: dev\n  context: {}\n';
    expect(err(parseKubeconfig(text, file)).message).toBe('/home/ana/.kube/config: contexts[2].name: duplicate name "dev" (first defined at contexts[0])');
  });

  it('reads an unsupported auth-provider (reported later, per context)', () => {
    const text = 'users:\n- name: g\n  user:\n    auth-provider: { name: gcp, config: { access-token: x } }\n';
    expect(ok(parseKubeconfig(text, file)).users.get('g')?.['auth-provider']?.name).toBe('gcp');
  });

  it('rejects an unknown interactiveMode', () => {
    const text = 'users:\n- name: a\n  user:\n    exec: { command: x, interactiveMode: Sometimes }\n';
    expect(err(parseKubeconfig(text, file)).message).toMatch(/users\[0\]\.user\.exec\.interactiveMode: Invalid option/);
  });

  it('reads YAML 1.1 booleans as kubectl does', () => {
    const cfg = ok(parseKubeconfig('clusters:\n- name: c\n  cluster: { server: "https://x", insecure-skip-tls-verify: yes }\n', file));
    expect(cfg.clusters.get('c')?.['insecure-skip-tls-verify']).toBe(true);
  });
});

describe('readKubeconfigFile / loadKubeconfigFiles', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mldeck-kc-'));

  it('refuses a 6 MiB file before reading it', async () => {
    const f = path.join(dir, 'big');
    writeFileSync(f, Buffer.alloc(MAX_KUBECONFIG_BYTES + 1024 * 1024, 0x61));
    const r = await readKubeconfigFile(f);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe(`${f}: is 6.0 MiB; kubeconfigs larger than 5 MiB are refused`);
  });

  it('skips missing files and keeps errors of broken ones', async () => {
    const good = path.join(dir, 'good');
    const bad = path.join(dir, 'bad');
    writeFileSync(good, 'contexts:\n- name: a\n  context: {}\n');
    writeFileSync(bad, '[1, 2]');
    const r = await loadKubeconfigFiles([path.join(dir, 'missing'), good, bad]);
    expect(r.configs.map((c) => c.origin)).toEqual([{ kind: 'file', path: good }]);
    expect(r.missing).toEqual([path.join(dir, 'missing')]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(new RegExp(`^${bad}: the top level must be a mapping`));
  });

  it('names a file that is not UTF-8 with the byte offset of the first invalid byte', async () => {
    const latin1 = path.join(dir, 'latin1');
    // "# Zürich" in Latin-1: 0xFC at offset 37, in a comment, where a lenient read would not notice
    writeFileSync(latin1, Buffer.concat([Buffer.from('contexts:\n- name: a\n  context: {}\n# Z'), Buffer.from([0xfc]), Buffer.from('rich\n')]));
    const r = await loadKubeconfigFiles([latin1]);
    expect(r.configs).toEqual([]);
    expect(r.errors).toEqual([
      {
        code: 'validation',
        message: `${latin1}: is not valid UTF-8: the first invalid byte (0xFC) is at byte offset 37; kubectl reads kubeconfigs as UTF-8`,
      },
    ]);
    const utf16 = path.join(dir, 'utf16');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('contexts: []\n', 'utf16le')]));
    const u = await readKubeconfigFile(utf16);
    expect(!u.ok && u.error.message).toMatch(/offset 0; it looks like UTF-16 text/);
  });

  it('reads UTF-8 with a BOM and non-ASCII text', async () => {
    const f = path.join(dir, 'bom');
    writeFileSync(f, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('contexts:\n- name: zürich-🚀\n  context: {}\n')]));
    expect(ok(await readKubeconfigFile(f)).contexts.has('zürich-🚀')).toBe(true);
  });
});

describe('firstInvalidUtf8Offset', () => {
  const cases: [string, number[], number][] = [
    ['ASCII', [0x61, 0x62], -1],
    ['2-, 3- and 4-byte sequences', [0xc3, 0xbc, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x9a, 0x80], -1],
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['an overlong 2-byte form', [0x61, 0xc0, 0x80], 1],
    ['an overlong 3-byte form', [0xe0, 0x80, 0x80], 0],
    ['a surrogate', [0x61, 0x61, 0xed, 0xa0, 0x80], 2],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a lead byte never used', [0xf5, 0x80], 0],
    ['a sequence cut off at the end', [0x61, 0xe2, 0x82], 1],
    ['a lead byte followed by ASCII', [0xc3, 0x28], 0],
  ];
  it.each(cases)('%s', (_name, bytes, want) => {
    const buf = Uint8Array.from(bytes);
    expect(firstInvalidUtf8Offset(buf)).toBe(want);
    // agrees with the strict WHATWG decoder on whether the bytes are valid
    let valid = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      valid = false;
    }
    expect(valid).toBe(want === -1);
  });
});

describe('kubeconfigSources', () => {
  it('splits KUBECONFIG with ":" on POSIX, dropping empty entries and duplicates', () => {
    const env = { KUBECONFIG: '/a/config::/b/config:/a/config:' };
    expect(kubeconfigSources(env, '/home/ana', 'linux')).toEqual(['/a/config', '/b/config']);
    expect(kubeconfigSources(env, '/Users/ana', 'darwin')).toEqual(['/a/config', '/b/config']);
  });

  it('splits KUBECONFIG with ";" on Windows, keeping drive colons', () => {
    const env = { KUBECONFIG: 'C:\\k\\a;;D:\\b;C:\\k\\a' };
    expect(kubeconfigSources(env, 'C:\\Users\\ana', 'win32')).toEqual(['C:\\k\\a', 'D:\\b']);
  });

  it('falls back to ~/.kube/config', () => {
    expect(kubeconfigSources({}, '/home/ana', 'linux')).toEqual(['/home/ana/.kube/config']);
    expect(kubeconfigSources({ KUBECONFIG: '' }, 'C:\\Users\\ana', 'win32')).toEqual(['C:\\Users\\ana\\.kube\\config']);
  });

  it('follows client-go when KUBECONFIG holds only separators: no files', () => {
    expect(kubeconfigSources({ KUBECONFIG: '::' }, '/home/ana', 'linux')).toEqual([]);
  });
});
