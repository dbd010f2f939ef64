// SPDX-License-Identifier: Apache-2.0
/**
 * The exec approval gate with the real approvals file: what is approved is the whole invocation,
 * so a rewritten binary, a swapped symlink, other arguments or other environment ask again; and
 * client-go's rules for interactiveMode and provideClusterInfo.
 */
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { AppError } from '../../../shared/errors';
import { resolveConnection } from './connection';
import { FileExecApprovals } from './exec-approvals';
import { ExecCredentialRunner } from './exec-credential';
import { parseKubeconfig } from './kubeconfig-load';
import { mergeKubeconfigs } from './kubeconfig-merge';
import type { ExecConfig } from './kubeconfig-model';
import { writePlugins } from './testing/plugins';

const V1 = 'client.authentication.k8s.io/v1';
const cluster = { server: 'https://k.example:6443' };
const tmp = () => mkdtempSync(path.join(tmpdir(), 'mldeck-gate-'));
const plugins = writePlugins();

/** A shell-script plugin that leaves a marker file (named by its first argument) and prints a token. */
function markerPlugin(file: string, token: string): void {
  writeFileSync(file, `#!/bin/sh\necho ran > "$1"\nprintf '{"apiVersion":"${V1}","kind":"ExecCredential","status":{"token":"${token}"}}'\n`);
  chmodSync(file, 0o755);
}

function setup() {
  const d = tmp();
  const approvals = new FileExecApprovals(path.join(d, 'exec-approvals.json'));
  const r = new ExecCredentialRunner({ approvals, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' } });
  const exec = (command: string, more: Partial<ExecConfig> = {}): ExecConfig => ({
    apiVersion: V1,
    interactiveMode: 'Never',
    command,
    args: [],
    env: [],
    ...more,
  });
  const approve = async (e: ExecConfig) => approvals.approve((await r.describe(e)).invocation);
  return { d, approvals, r, exec, approve };
}

describe('the approval binds the binary’s content and real file', () => {
  it('asks again when the binary behind an approved path is rewritten', async () => {
    const { d, r, exec, approve } = setup();
    const bin = path.join(d, 'kube-login');
    markerPlugin(bin, 'good');
    const marker = path.join(d, 'ran-1');
    const e = exec(bin, { args: [marker] });
    await approve(e);
    expect((await r.get(e, cluster)).token).toBe('good');
    expect(existsSync(marker)).toBe(true);

    const marker2 = path.join(d, 'ran-2');
    const e2 = exec(bin, { args: [marker2] });
    await approve(e2);
    markerPlugin(bin, 'evil'); // same path, new content
    expect((await r.describe(e2)).approved).toBe(false);
    const err = await r.get(e2, cluster).catch((x: AppError) => x);
    expect(err).toMatchObject({ code: 'unauthenticated', detail: bin });
    expect(existsSync(marker2)).toBe(false);
  });

  it('asks again when an approved symlink is pointed at another file, even an identical copy', async () => {
    const { d, r, exec, approve } = setup();
    const real = path.join(d, 'real-login');
    markerPlugin(real, 'good');
    const copy = path.join(d, 'copy-login');
    copyFileSync(real, copy);
    const evil = path.join(d, 'evil-login');
    markerPlugin(evil, 'evil');
    const link = path.join(d, 'kube-login');
    symlinkSync(real, link);
    const marker = path.join(d, 'ran');
    const e = exec(link, { args: [marker] });
    await approve(e);
    const shown = await r.describe(e);
    expect(shown.invocation).toMatchObject({ path: link, realpath: real });
    expect(shown.approved).toBe(true);

    for (const target of [evil, copy]) {
      unlinkSync(link);
      symlinkSync(target, link);
      expect((await r.describe(e)).approved).toBe(false);
      await expect(r.get(e, cluster)).rejects.toMatchObject({ code: 'unauthenticated' });
      expect(existsSync(marker)).toBe(false);
    }
    unlinkSync(link);
    symlinkSync(real, link);
    expect((await r.get(e, cluster)).token).toBe('good');
  });
});

describe('the approval binds the arguments and the environment', () => {
  it('asks again for other arguments or another environment, and runs only what was approved', async () => {
    const { d, r, exec, approve } = setup();
    const info = path.join(d, 'info.json');
    const approved = exec(plugins.path.echo, { args: ['get-token'], env: [{ name: 'INFO_FILE', value: info }] });
    await approve(approved);
    expect(JSON.parse((await r.get(approved, cluster)).token ?? '')).toEqual(['get-token']);

    const variants: ExecConfig[] = [
      exec(plugins.path.echo, { args: ['apply', '-f', 'https://evil.example/x.yaml'], env: approved.env }),
      exec(plugins.path.echo, { args: ['get-token'], env: [{ name: 'INFO_FILE', value: `${info}.other` }] }),
      exec(plugins.path.echo, { args: ['get-token'], env: [...approved.env, { name: 'NODE_OPTIONS', value: '--require /tmp/evil.js' }] }),
      exec(plugins.path.echo, { args: ['get-token'] }),
    ];
    for (const v of variants) {
      expect((await r.describe(v)).approved).toBe(false);
      await expect(r.get(v, cluster)).rejects.toMatchObject({ code: 'unauthenticated' });
    }
    expect(existsSync(`${info}.other`)).toBe(false);
  });
});

describe('client-go’s validation of the exec section', () => {
  it('refuses v1 without interactiveMode with kubectl’s message, before resolving anything', async () => {
    const { r, exec, approve } = setup();
    const e = exec(plugins.path.echo);
    await approve(e);
    delete e.interactiveMode;
    const err = await r.get(e, cluster, undefined, 'oidc').catch((x: AppError) => x);
    expect(err).toMatchObject({ code: 'validation', message: 'interactiveMode must be specified for oidc to use exec authentication plugin' });
    // v1beta1 defaults it to IfAvailable, as client-go does
    const beta: ExecConfig = { ...e, apiVersion: 'client.authentication.k8s.io/v1beta1' };
    await approve(beta);
    await expect(r.get(beta, cluster)).resolves.toMatchObject({ token: '[]' });
  });
});

describe('provideClusterInfo', () => {
  it('sends spec.cluster with the cluster’s client.authentication.k8s.io/exec extension as config', async () => {
    const { d, r, approvals } = setup();
    const info = path.join(d, 'info.json');
    const yaml = stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'c',
          cluster: {
            server: 'https://k.example:6443',
            'tls-server-name': 'api.internal',
            'proxy-url': 'http://proxy.example:3128',
            extensions: [
              { name: 'other.example/thing', extension: { ignored: true } },
              { name: 'client.authentication.k8s.io/exec', extension: { audience: 'mldeck', project: { id: 42 } } },
            ],
          },
        },
      ],
      users: [
        {
          name: 'u',
          user: {
            exec: { apiVersion: V1, interactiveMode: 'Never', command: plugins.path.echo, provideClusterInfo: true, env: [{ name: 'INFO_FILE', value: info }] },
          },
        },
      ],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
    });
    const parsed = parseKubeconfig(yaml, { kind: 'file', path: path.join(d, 'config') }, { platform: 'linux' });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const merged = mergeKubeconfigs([parsed.config]);
    const entry = merged.contexts[0];
    if (!entry) throw new Error('no context');
    const user = merged.users.get('u')?.value.exec;
    if (!user) throw new Error('no exec');
    await approvals.approve((await r.describe(user)).invocation);
    const conn = await resolveConnection(entry, merged, { execRunner: r, env: {} });
    expect((await conn.auth.credentials()).authorization).toBe('Bearer []');
    const seen = JSON.parse(readFileSync(info, 'utf8')) as { info: unknown };
    expect(seen.info).toEqual({
      apiVersion: V1,
      kind: 'ExecCredential',
      spec: {
        interactive: false,
        cluster: {
          server: 'https://k.example:6443',
          'tls-server-name': 'api.internal',
          'proxy-url': 'http://proxy.example:3128',
          config: { audience: 'mldeck', project: { id: 42 } },
        },
      },
    });
  });
});
