// SPDX-License-Identifier: Apache-2.0
/**
 * Approving an exec plugin through the clusters service, with a real registry, approvals file and
 * runner on a local kubeconfig (nothing is contacted: the server is never reached while the
 * plugin is not approved). The host's confirmation sees the exact invocation; a declined
 * confirmation approves nothing; a plugin that changes while the confirmation is open is refused.
 */
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ExecApprovalPrompt } from '../../../shared/features/clusters/exec-invocation';
import { openCache } from '../../platform/cache/sqlite-cache';
import { ClusterRegistry } from '../../platform/kube/cluster-registry';
import { FileExecApprovals } from '../../platform/kube/exec-approvals';
import { ExecCredentialRunner } from '../../platform/kube/exec-credential';
import { SnapshotRegistry } from '../../platform/snapshots/snapshot-registry';
import { ClustersService, type ConfirmExecApproval } from './clusters.service';

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

function plugin(file: string, marker: string): void {
  writeFileSync(file, `#!/bin/sh\necho ran > '${marker}'\nexit 1\n`);
  chmodSync(file, 0o755);
}

async function setup(confirm?: ConfirmExecApproval) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mldeck-approve-'));
  const bin = path.join(dir, 'kube-login');
  const marker = path.join(dir, 'ran');
  plugin(bin, marker);
  const kubeconfig = path.join(dir, 'config');
  writeFileSync(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:9' } }],
      users: [
        {
          name: 'ana',
          user: {
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1',
              interactiveMode: 'Never',
              command: bin,
              args: ['get-token', '--profile', 'ml'],
              env: [{ name: 'PYTHONPATH', value: '/tmp/x' }],
            },
          },
        },
      ],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'ana' } }],
    }),
  );
  const approvals = new FileExecApprovals(path.join(dir, 'exec-approvals.json'));
  const execRunner = new ExecCredentialRunner({ approvals, env: { PATH: '/usr/bin:/bin' } });
  const registry = new ClusterRegistry({ dataDir: dir, execRunner, env: { KUBECONFIG: kubeconfig }, home: dir });
  await registry.reload();
  const cache = await openCache({ file: path.join(dir, 'cache.sqlite') });
  closers.push(
    () => cache.dispose(),
    () => registry.dispose(),
  );
  const svc = new ClustersService(registry, approvals, () => undefined, new SnapshotRegistry(dir), cache, confirm);
  const id = registry.contexts()[0]?.entry.id ?? '';
  return { dir, bin, marker, svc, id };
}

describe('ClustersService: exec approval', () => {
  it('asks the host with the exact invocation, and approves only when confirmed', async () => {
    const asked: ExecApprovalPrompt[] = [];
    let answer = false;
    const { svc, id, bin, marker } = await setup((p) => {
      asked.push(p);
      return Promise.resolve(answer);
    });
    const prompt = await svc.describeExec(id);
    expect(prompt).toMatchObject({
      contextName: 'x',
      userName: 'ana',
      approved: false,
      invocation: { path: bin, realpath: bin, args: ['get-token', '--profile', 'ml'], env: [{ name: 'PYTHONPATH', value: '/tmp/x' }] },
    });
    expect(await svc.health(id)).toMatchObject({ auth: 'needs-approval', reachable: false, error: { code: 'unauthenticated' } });

    await expect(svc.approveExec(id, prompt.invocation.fingerprint)).rejects.toMatchObject({ code: 'cancelled' });
    expect(asked).toEqual([prompt]);
    expect((await svc.list()).clusters[0]?.execApproved).toBe(false);

    answer = true;
    const list = await svc.approveExec(id, prompt.invocation.fingerprint);
    expect(list.clusters[0]?.execApproved).toBe(true);
    expect(existsSync(marker)).toBe(false); // approving runs nothing
  });

  it('refuses when the plugin changes while the confirmation is open', async () => {
    let bin = '';
    let marker = '';
    const s = await setup(() => {
      plugin(bin, `${marker}-2`); // rewritten between the prompt and the click
      return Promise.resolve(true);
    });
    bin = s.bin;
    marker = s.marker;
    const prompt = await s.svc.describeExec(s.id);
    await expect(s.svc.approveExec(s.id, prompt.invocation.fingerprint)).rejects.toMatchObject({ code: 'conflict' });
    expect((await s.svc.list()).clusters[0]?.execApproved).toBe(false);
  });

  it('refuses a fingerprint that is not the current invocation’s, without asking', async () => {
    const asked: ExecApprovalPrompt[] = [];
    const { svc, id } = await setup((p) => {
      asked.push(p);
      return Promise.resolve(true);
    });
    await expect(svc.approveExec(id, 'f'.repeat(64))).rejects.toMatchObject({ code: 'conflict' });
    expect(asked).toEqual([]);
  });
});
