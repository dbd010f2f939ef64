// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileExecApprovals } from './exec-approvals';

const dir = () => mkdtempSync(path.join(tmpdir(), 'mldeck-approvals-'));

describe('FileExecApprovals', () => {
  it('approves, lists, persists and revokes exact paths', async () => {
    const file = path.join(dir(), 'nested', 'exec-approvals.json');
    const a = new FileExecApprovals(file, 'linux');
    expect(await a.isApproved('/usr/local/bin/kubelogin')).toBe(false);
    await a.approve('/usr/local/bin/kubelogin', new Date('2026-01-02T03:04:05Z'));
    await a.approve('/usr/local/bin/kubelogin');
    expect(await a.isApproved('/usr/local/bin/kubelogin')).toBe(true);
    expect(await a.isApproved('/usr/local/bin/KUBELOGIN')).toBe(false);
    expect(await a.isApproved('/tmp/kubelogin')).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const b = new FileExecApprovals(file, 'linux');
    expect(await b.list()).toEqual([{ path: '/usr/local/bin/kubelogin', approvedAt: '2026-01-02T03:04:05.000Z' }]);
    await b.revoke('/usr/local/bin/kubelogin');
    expect(await new FileExecApprovals(file, 'linux').isApproved('/usr/local/bin/kubelogin')).toBe(false);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, approved: [] });
  });

  it('compares case-insensitively on Windows', async () => {
    const a = new FileExecApprovals(path.join(dir(), 'a.json'), 'win32');
    await a.approve(path.resolve('/Tools/kubelogin.exe'));
    expect(await a.isApproved(path.resolve('/tools/KUBELOGIN.EXE'))).toBe(true);
  });

  it('fails closed on a corrupt or foreign file', async () => {
    const file = path.join(dir(), 'a.json');
    writeFileSync(file, '{"version":1,"approved":"everything"}');
    expect(await new FileExecApprovals(file).isApproved('/bin/sh')).toBe(false);
    writeFileSync(file, 'not json');
    expect(await new FileExecApprovals(file).isApproved('/bin/sh')).toBe(false);
  });

  it('refuses to approve a relative path', async () => {
    const a = new FileExecApprovals(path.join(dir(), 'a.json'));
    await expect(a.approve('kubelogin')).rejects.toMatchObject({ code: 'validation' });
  });

  it('serialises concurrent approvals', async () => {
    const file = path.join(dir(), 'a.json');
    const a = new FileExecApprovals(file);
    await Promise.all(['/a', '/b', '/c', '/d'].map((p) => a.approve(p)));
    expect((await new FileExecApprovals(file).list()).map((x) => x.path).sort()).toEqual(['/a', '/b', '/c', '/d']);
  });
});
