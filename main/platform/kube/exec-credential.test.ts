// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { AppError } from '../../../shared/errors';
import type { ExecApprovals } from './exec-approvals';
import type { ExecInvocation } from './exec-invocation';
import { ExecCredentialRunner, parseExecCredential, type ExecEvent } from './exec-credential';
import type { ExecConfig } from './kubeconfig-model';
import { isAlive, writePlugins } from './testing/plugins';

const V1 = 'client.authentication.k8s.io/v1';
const V1B1 = 'client.authentication.k8s.io/v1beta1';

describe('parseExecCredential', () => {
  const out = (o: unknown) => JSON.stringify(o);
  it('reads a v1 token with its expiry', () => {
    const s = out({ apiVersion: V1, kind: 'ExecCredential', status: { token: 'abc', expirationTimestamp: '2026-03-01T10:00:00Z' } });
    expect(parseExecCredential(s, V1, '/p')).toEqual({ token: 'abc', expiresAt: Date.parse('2026-03-01T10:00:00Z') });
  });
  it('reads a v1beta1 client certificate', () => {
    const s = out({ apiVersion: V1B1, kind: 'ExecCredential', status: { clientCertificateData: 'CERT', clientKeyData: 'KEY' } });
    expect(parseExecCredential(s, V1B1, '/p')).toEqual({ clientCertificateData: 'CERT', clientKeyData: 'KEY' });
  });
  it('refuses bad output without quoting it', () => {
    const cases: [string, RegExp][] = [
      ['token SECRET', /not JSON/],
      [out({ apiVersion: V1, kind: 'Other', status: { token: 'SECRET' } }), /not an ExecCredential/],
      [
        out({ apiVersion: V1B1, kind: 'ExecCredential', status: { token: 'SECRET' } }),
        /answered with apiVersion .*v1beta1, but the kubeconfig asks for .*\/v1\.$/,
      ],
      [out({ apiVersion: V1, kind: 'ExecCredential' }), /no status/],
      [out({ apiVersion: V1, kind: 'ExecCredential', status: { clientCertificateData: 'SECRET' } }), /without its key/],
      [out({ apiVersion: V1, kind: 'ExecCredential', status: {} }), /neither a token nor a client certificate/],
      [out({ apiVersion: V1, kind: 'ExecCredential', status: { token: 'SECRET', expirationTimestamp: 'soon' } }), /invalid expirationTimestamp/],
    ];
    for (const [stdout, re] of cases) {
      let caught: AppError | undefined;
      try {
        parseExecCredential(stdout, V1, '/p');
      } catch (e) {
        caught = e as AppError;
      }
      expect(caught?.code).toBe('unauthenticated');
      expect(caught?.message).toMatch(re);
      expect(caught?.message).not.toContain('SECRET');
    }
  });
});

/** Approves by resolved path only (the gate's own rules are tested with FileExecApprovals). */
class MemApprovals implements ExecApprovals {
  readonly asked: string[] = [];
  constructor(private readonly approved: string[]) {}
  isApproved(inv: ExecInvocation): Promise<boolean> {
    this.asked.push(inv.path);
    return Promise.resolve(this.approved.includes(inv.path));
  }
}

const plugins = writePlugins();
const cluster = { server: 'https://k.example:6443', 'tls-server-name': 'k', 'certificate-authority-data': 'QUJD' };
const baseEnv = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', BASE_ONLY: 'from-app' };
const tmp = () => mkdtempSync(path.join(tmpdir(), 'mldeck-exec-'));

function execOf(command: string, more: Partial<ExecConfig> = {}): ExecConfig {
  return { apiVersion: V1, interactiveMode: 'Never', command, args: [], env: [], ...more };
}

function runner(approved: string[], extra: Partial<ConstructorParameters<typeof ExecCredentialRunner>[0]> = {}) {
  const approvals = new MemApprovals(approved);
  const events: ExecEvent[] = [];
  const r = new ExecCredentialRunner({ approvals, env: baseEnv, onEvent: (e) => events.push(e), ...extra });
  return { r, approvals, events };
}

describe('ExecCredentialRunner: approval gate (hostile kubeconfigs)', () => {
  it('does not run /bin/sh -c "rm -rf ~" without approval, and names the binary', async () => {
    const home = tmp();
    writeFileSync(path.join(home, 'canary'), 'still here');
    const { r, approvals, events } = runner([]);
    const exec = execOf('/bin/sh', { args: ['-c', 'rm -rf ~'], env: [{ name: 'HOME', value: home }] });
    const err = await r.get(exec, cluster).catch((e: AppError) => e);
    expect(err).toMatchObject({ code: 'unauthenticated', detail: '/bin/sh' });
    expect((err as AppError).message).toContain('needs your approval');
    expect((err as AppError).message).toContain('"/bin/sh"');
    expect(approvals.asked).toEqual(['/bin/sh']);
    expect(events).toEqual([]);
    expect(readFileSync(path.join(home, 'canary'), 'utf8')).toBe('still here');
  });

  it('describes the invocation (path, real file, hash, args, env) before anything runs', async () => {
    const { r } = runner([plugins.path.echo]);
    const env = [{ name: 'AWS_PROFILE', value: 'ml' }];
    const echo = await r.describe(execOf(plugins.path.echo, { args: ['get-token'], env }));
    expect(echo).toMatchObject({ approved: true, invocation: { path: plugins.path.echo, realpath: plugins.path.echo, args: ['get-token'], env } });
    expect(echo.invocation.sha256).toBe(createHash('sha256').update(readFileSync(plugins.path.echo)).digest('hex'));
    expect(echo.invocation.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const sh = await r.describe(execOf('sh'));
    expect(sh.approved).toBe(false);
    expect(path.isAbsolute(sh.invocation.path)).toBe(true);
  });

  it('resolves a bare name through PATH and asks about the absolute path', async () => {
    const { r, approvals } = runner([]);
    await expect(r.get(execOf('sh', { args: ['-c', 'id'] }), cluster)).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(approvals.asked).toHaveLength(1);
    expect(path.isAbsolute(approvals.asked[0] ?? '')).toBe(true);
    expect(path.basename(approvals.asked[0] ?? '')).toBe('sh');
  });

  const dir = tmp();
  const hostileArgs = [
    'get-token',
    `; touch ${dir}/pwned-semicolon`,
    `$(touch ${dir}/pwned-subst)`,
    `\${IFS}touch\${IFS}${dir}/pwned-ifs`,
    `\`touch ${dir}/pwned-backtick\``,
    `&& touch ${dir}/pwned-and |`,
    '\'single\' "double" \\back',
    'two  spaces',
    '',
  ];

  it('refuses an unapproved plugin even with shell-looking args, running nothing', async () => {
    const { r } = runner([]);
    await expect(r.get(execOf(plugins.path.echo, { args: hostileArgs }), cluster)).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(existsSync(path.join(dir, 'pwned-semicolon'))).toBe(false);
  });

  it('once approved, passes args verbatim without a shell', async () => {
    const { r, events } = runner([plugins.path.echo]);
    const cred = await r.get(execOf(plugins.path.echo, { args: hostileArgs }), cluster);
    expect(JSON.parse(cred.token ?? '')).toEqual(hostileArgs);
    for (const f of ['pwned-semicolon', 'pwned-subst', 'pwned-ifs', 'pwned-backtick', 'pwned-and']) {
      expect(existsSync(path.join(dir, f))).toBe(false);
    }
    expect(events.map((e) => e.type)).toEqual(['started', 'finished']);
    expect(events[1]).toMatchObject({ ok: true, command: plugins.path.echo });
  });

  it('refuses interactiveMode Always (no terminal) and unsupported apiVersions before resolving anything', async () => {
    const { r, approvals } = runner([plugins.path.echo]);
    await expect(r.get(execOf(plugins.path.echo, { interactiveMode: 'Always' }), cluster)).rejects.toMatchObject({
      code: 'validation',
      message: 'getting credentials: exec plugin cannot support interactive mode: standard input is not a terminal',
    });
    await expect(r.get(execOf(plugins.path.echo, { apiVersion: 'client.authentication.k8s.io/v1alpha1' }), cluster)).rejects.toMatchObject({
      code: 'validation',
    });
    expect(approvals.asked).toEqual([]);
  });
});

describe('ExecCredentialRunner: environment', () => {
  it('merges env and sets KUBERNETES_EXEC_INFO, with cluster info only when asked', async () => {
    const { r } = runner([plugins.path.echo]);
    const info = path.join(tmp(), 'info.json');
    const env = [
      { name: 'INFO_FILE', value: info },
      { name: 'AWS_PROFILE', value: 'ml' },
    ];
    await r.get(execOf(plugins.path.echo, { env, provideClusterInfo: true }), cluster);
    const seen = JSON.parse(readFileSync(info, 'utf8')) as { info: unknown; env: Record<string, string> };
    expect(seen.info).toEqual({ apiVersion: V1, kind: 'ExecCredential', spec: { interactive: false, cluster } });
    expect(seen.env['AWS_PROFILE']).toBe('ml');
    expect(seen.env['BASE_ONLY']).toBe('from-app');

    await r.get(execOf(plugins.path.echo, { apiVersion: V1B1, env }), cluster);
    const seen2 = JSON.parse(readFileSync(info, 'utf8')) as { info: unknown };
    expect(seen2.info).toEqual({ apiVersion: V1B1, kind: 'ExecCredential', spec: { interactive: false } });
  });
});

describe('ExecCredentialRunner: caching', () => {
  const expiry = '2026-05-01T12:00:00Z';
  const counting = (more: Partial<ExecConfig> = {}) => {
    const counter = path.join(tmp(), 'count');
    const exec = execOf(plugins.path.counter, { env: [{ name: 'COUNTER_FILE', value: counter }], ...more });
    return { exec, runs: () => Number(readFileSync(counter, 'utf8')) };
  };

  it('reuses a credential until expirationTimestamp (fake clock)', async () => {
    let now = Date.parse(expiry) - 10 * 60_000;
    const { r } = runner([plugins.path.counter], { now: () => now });
    const { exec, runs } = counting();
    exec.env.push({ name: 'EXPIRES', value: expiry });
    expect((await r.get(exec, cluster)).token).toBe('t1');
    now += 9 * 60_000;
    expect((await r.get(exec, cluster)).token).toBe('t1');
    now = Date.parse(expiry) + 1;
    expect((await r.get(exec, cluster)).token).toBe('t2');
    expect(runs()).toBe(2);
  });

  it('keeps a credential without expiry until invalidated; a stale 401 does not drop a newer one', async () => {
    const { r } = runner([plugins.path.counter]);
    const { exec, runs } = counting();
    const c1 = await r.get(exec, cluster);
    expect((await r.get(exec, cluster)).token).toBe('t1');
    r.invalidate(exec, cluster, c1);
    const c2 = await r.get(exec, cluster);
    expect(c2.token).toBe('t2');
    r.invalidate(exec, cluster, c1); // a late 401 from a request that used t1
    expect((await r.get(exec, cluster)).token).toBe('t2');
    r.clear();
    expect((await r.get(exec, cluster)).token).toBe('t3');
    expect(runs()).toBe(3);
  });

  it('runs nothing for a caller that already cancelled', async () => {
    const { r, events } = runner([plugins.path.counter]);
    const { exec } = counting();
    const ac = new AbortController();
    ac.abort();
    await expect(r.get(exec, cluster, ac.signal)).rejects.toMatchObject({ code: 'cancelled' });
    expect(events).toEqual([]);
  });

  it('shares one run between concurrent callers', async () => {
    const { r } = runner([plugins.path.counter]);
    const { exec, runs } = counting();
    const [a, b] = await Promise.all([r.get(exec, cluster), r.get(exec, cluster)]);
    expect([a.token, b.token]).toEqual(['t1', 't1']);
    expect(runs()).toBe(1);
  });
});

describe('ExecCredentialRunner: blocking plugins', () => {
  function sleeper() {
    const pids = path.join(tmp(), 'pids.json');
    const exec = execOf(plugins.path.sleeper, { env: [{ name: 'PIDS_FILE', value: pids }] });
    const readPids = () => JSON.parse(readFileSync(pids, 'utf8')) as [number, number];
    return { exec, readPids };
  }
  function promptSeen(events: ExecEvent[]): Promise<void> {
    return vi.waitFor(() => {
      if (!events.some((e) => e.type === 'stderr' && e.text.includes('ABCD-EFGH'))) throw new Error('no prompt yet');
    });
  }

  it('streams stderr while running and kills the process tree on cancel', async () => {
    const { r, events } = runner([plugins.path.sleeper]);
    const { exec, readPids } = sleeper();
    const ac = new AbortController();
    const pending = r.get(exec, cluster, ac.signal);
    await promptSeen(events);
    const [leader, grandchild] = readPids();
    expect(isAlive(leader) && isAlive(grandchild)).toBe(true);
    ac.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    await vi.waitFor(() => expect([isAlive(leader), isAlive(grandchild)]).toEqual([false, false]), { timeout: 5000 });
    await vi.waitFor(() => expect(events.at(-1)).toMatchObject({ type: 'finished', ok: false }));
  });

  it('keeps a shared run alive until its last caller cancels', async () => {
    const { r, events } = runner([plugins.path.sleeper]);
    const { exec, readPids } = sleeper();
    const a = new AbortController();
    const b = new AbortController();
    const pa = r.get(exec, cluster, a.signal);
    const pb = r.get(exec, cluster, b.signal);
    await promptSeen(events);
    const [leader] = readPids();
    a.abort();
    await expect(pa).rejects.toMatchObject({ code: 'cancelled' });
    expect(isAlive(leader)).toBe(true);
    b.abort();
    await expect(pb).rejects.toMatchObject({ code: 'cancelled' });
    await vi.waitFor(() => expect(isAlive(leader)).toBe(false), { timeout: 5000 });
  });

  it('can be cancelled by run id (the UI Cancel button)', async () => {
    const { r, events } = runner([plugins.path.sleeper]);
    const { exec } = sleeper();
    const pending = r.get(exec, cluster);
    await promptSeen(events);
    const started = events.find((e) => e.type === 'started');
    expect(r.cancel(started?.runId ?? '')).toBe(true);
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('times out and kills the tree', async () => {
    const { r, events } = runner([plugins.path.sleeper], { timeoutMs: 1500 });
    const { exec, readPids } = sleeper();
    const pending = r.get(exec, cluster);
    await promptSeen(events);
    const [leader, grandchild] = readPids();
    const err = await pending.catch((e: AppError) => e);
    expect(err).toMatchObject({ code: 'timeout', retryable: true });
    expect((err as AppError).detail).toContain('ABCD-EFGH');
    await vi.waitFor(() => expect([isAlive(leader), isAlive(grandchild)]).toEqual([false, false]), { timeout: 5000 });
  });

  it('reports a failing plugin with its stderr and does not cache', async () => {
    const { r, events } = runner([plugins.path.failing]);
    const exec = execOf(plugins.path.failing, { installHint: 'Run: kubelogin login' });
    const err = await r.get(exec, cluster).catch((e: AppError) => e);
    expect(err).toMatchObject({ code: 'unauthenticated' });
    expect((err as AppError).message).toMatch(/failed \(exit code 3\)\.\nRun: kubelogin login/);
    expect((err as AppError).detail).toContain('refresh token expired');
    expect(events.some((e) => e.type === 'stderr' && e.text.includes('refresh token expired'))).toBe(true);
  });
});
