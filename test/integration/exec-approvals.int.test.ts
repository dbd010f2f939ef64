// SPDX-License-Identifier: Apache-2.0
/**
 * Exec plugin approvals against the lab: an approval covers one exact invocation. Two kubeconfigs
 * run /bin/sh with different arguments; only the approved one ever runs (each leaves a marker
 * file), while listing, health checks, discovery, overview and resource lists of the other say
 * it needs approval. A rewritten script or a swapped symlink behind an approved path asks again,
 * an approval of an invocation that changed since it was shown is refused, and version-1
 * approvals are dropped with a notice.
 */
import { chmodSync, existsSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { AppError } from '../../shared/errors';
import { clustersContract, type ClusterSummary } from '../../shared/features/clusters/clusters.contract';
import { overviewContract } from '../../shared/features/overview/overview.contract';
import { resourcesContract } from '../../shared/features/resources/resources.contract';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { kubeConfig } from '../harness/lab';

const SH = existsSync('/usr/bin/sh') ? '/usr/bin/sh' : '/bin/sh';
const V1 = 'client.authentication.k8s.io/v1';

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

/** lab-a's server, CA file and admin token, from the lab's kubeconfig. */
function labA(): { server: string; ca: string; token: string } {
  const kc = kubeConfig('lab-a');
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  if (!cluster?.caFile || !user?.token) throw new Error('the lab kubeconfig has no lab-a CA file or token');
  return { server: cluster.server, ca: cluster.caFile, token: user.token };
}

/** A credential that writes `marker`, then prints an ExecCredential with lab-a's admin token (a shell script body). */
function script(marker: string, token: string): string {
  return `echo ran > '${marker}'; printf '%s' '{"apiVersion":"${V1}","kind":"ExecCredential","status":{"token":"${token}"}}'`;
}

/** A kubeconfig with one context at lab-a whose user runs `command args`. */
function kubeconfig(dir: string, name: string, command: string, args: string[], env: { name: string; value: string }[] = []): string {
  const a = labA();
  const file = join(dir, `${name}.yaml`);
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': name,
    clusters: [{ name: `${name}-cluster`, cluster: { server: a.server, 'certificate-authority': a.ca } }],
    users: [{ name: `${name}-user`, user: { exec: { apiVersion: V1, interactiveMode: 'Never', command, args, env } } }],
    contexts: [{ name, context: { cluster: `${name}-cluster`, user: `${name}-user`, namespace: 'team-a' } }],
  };
  writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
}

describe('two kubeconfigs running /bin/sh with different arguments, one approved', () => {
  let app: AppUnderTest;
  let dir = '';
  let markerA = '';
  let markerB = '';
  const byName: Record<string, ClusterSummary> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mldeck-exec-approvals-'));
    markerA = join(dir, 'marker-approved');
    markerB = join(dir, 'marker-unapproved');
    const { token } = labA();
    const fileA = kubeconfig(dir, 'sh-approved', SH, ['-c', script(markerA, token)]);
    const fileB = kubeconfig(dir, 'sh-other', SH, ['-c', script(markerB, token)]);
    app = await startApp(`${fileA}:${fileB}`);
  });
  afterAll(() => {
    app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const list = async () => {
    for (const c of (await app.api.call(clustersContract.list, {})).clusters) byName[c.contextName] = c;
  };

  it('lists both as exec contexts that need approval, and runs neither', async () => {
    await list();
    expect(byName['sh-approved']).toMatchObject({ authKind: 'exec', execApproved: false, execCommand: SH });
    expect(byName['sh-other']).toMatchObject({ authKind: 'exec', execApproved: false, execCommand: SH });
    for (const name of ['sh-approved', 'sh-other']) {
      const h = await app.api.call(clustersContract.health, { clusterId: byName[name]?.id ?? '' });
      expect(h).toMatchObject({ reachable: false, auth: 'needs-approval', error: { code: 'unauthenticated' } });
    }
    expect(existsSync(markerA) || existsSync(markerB)).toBe(false);
  });

  it('shows the exact invocation and approves it by fingerprint; the other is not approved with it', async () => {
    const idA = byName['sh-approved']?.id ?? '';
    const idB = byName['sh-other']?.id ?? '';
    const prompt = await app.api.call(clustersContract.describeExec, { clusterId: idA });
    expect(prompt).toMatchObject({ contextName: 'sh-approved', userName: 'sh-approved-user', approved: false });
    expect(prompt.invocation).toMatchObject({ path: SH, args: ['-c', expect.stringContaining(markerA)], env: [] });
    expect(prompt.invocation.realpath).toMatch(/dash|bash|busybox|sh$/);
    expect(prompt.invocation.sha256).toMatch(/^[0-9a-f]{64}$/);
    // no token of MLDeck's own reaches the renderer: only what the kubeconfig says
    expect(JSON.stringify(prompt)).not.toContain('"token":"ey');

    // the other context's prompt is a different invocation; A's fingerprint cannot approve it
    const promptB = await app.api.call(clustersContract.describeExec, { clusterId: idB });
    expect(promptB.invocation.fingerprint).not.toBe(prompt.invocation.fingerprint);
    expect(await rejection(app.api.call(clustersContract.approveExec, { clusterId: idB, fingerprint: prompt.invocation.fingerprint }))).toMatchObject({
      code: 'conflict',
    });

    const after = await app.api.call(clustersContract.approveExec, { clusterId: idA, fingerprint: prompt.invocation.fingerprint });
    const summary = (name: string) => after.clusters.find((c) => c.contextName === name);
    expect(summary('sh-approved')?.execApproved).toBe(true);
    expect(summary('sh-other')?.execApproved).toBe(false);
    expect(existsSync(markerA) || existsSync(markerB)).toBe(false); // approving runs nothing
  });

  it('contacts the approved context, and never the other: health, discovery, overview, resource lists', async () => {
    const idA = byName['sh-approved']?.id ?? '';
    const idB = byName['sh-other']?.id ?? '';
    expect(await app.api.call(clustersContract.health, { clusterId: idA })).toMatchObject({ reachable: true, auth: 'ok' });
    expect(existsSync(markerA)).toBe(true);
    const served = (await app.api.call(clustersContract.discover, { clusterId: idA })).components.filter((c) => c.served).map((c) => c.component);
    expect(served).toContain('training-v1');
    const overviewA = await app.api.call(overviewContract.get, { clusterId: idA });
    expect(overviewA.health).toMatchObject({ reachable: true, auth: 'ok' });
    const podsA = await app.api.call(resourcesContract.list, { clusterId: idA, group: '', version: 'v1', resource: 'pods', namespace: 'team-a' });
    expect(Array.isArray(podsA.items)).toBe(true);

    const hB = await app.api.call(clustersContract.health, { clusterId: idB });
    expect(hB).toMatchObject({ reachable: false, auth: 'needs-approval', error: { code: 'unauthenticated' } });
    expect(hB.error?.message).toMatch(/Needs approval/);
    expect(await rejection(app.api.call(clustersContract.discover, { clusterId: idB }))).toMatchObject({ code: 'unauthenticated' });
    const overviewB = await app.api.call(overviewContract.get, { clusterId: idB });
    expect(overviewB.health).toMatchObject({ reachable: false, auth: 'needs-approval' });
    const podsB = await rejection(app.api.call(resourcesContract.list, { clusterId: idB, group: '', version: 'v1', resource: 'pods', namespace: 'team-a' }));
    // lists read through the cache: nothing cached, and the informer was refused before any contact
    expect(podsB.message).toMatch(/needs your approval/);
    await list();
    expect(byName['sh-other']?.execApproved).toBe(false);
    // the overview started sync informers for the unapproved context: give them time to try
    await new Promise((r) => setTimeout(r, 3000));
    expect(existsSync(markerB)).toBe(false);
  }, 60_000);
});

describe('what is behind an approved path', () => {
  let app: AppUnderTest;
  let dir = '';
  let ids: Record<string, string> = {};
  let token = '';

  const writeScript = (file: string, marker: string) => {
    writeFileSync(file, `#!/bin/sh\n${script(marker, token)}\n`);
    chmodSync(file, 0o755);
  };

  beforeAll(async () => {
    token = labA().token;
    dir = mkdtempSync(join(tmpdir(), 'mldeck-exec-binary-'));
    mkdirSync(join(dir, 'bin'));
    writeScript(join(dir, 'bin', 'kube-login'), join(dir, 'ran-copy-v1'));
    writeScript(join(dir, 'bin', 'login-good'), join(dir, 'ran-link-good'));
    writeScript(join(dir, 'bin', 'login-evil'), join(dir, 'ran-link-evil'));
    symlinkSync(join(dir, 'bin', 'login-good'), join(dir, 'bin', 'kube-link'));
    const copy = kubeconfig(dir, 'copied', join(dir, 'bin', 'kube-login'), []);
    const link = kubeconfig(dir, 'linked', join(dir, 'bin', 'kube-link'), []);
    app = await startApp(`${copy}:${link}`);
    ids = Object.fromEntries((await app.api.call(clustersContract.list, {})).clusters.map((c) => [c.contextName, c.id]));
  });
  afterAll(() => {
    app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const approve = async (id: string) => {
    const p = await app.api.call(clustersContract.describeExec, { clusterId: id });
    await app.api.call(clustersContract.approveExec, { clusterId: id, fingerprint: p.invocation.fingerprint });
  };
  const approved = async (name: string) => (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === name)?.execApproved;

  it('asks again when the approved script is rewritten, and never runs the new content', async () => {
    const id = ids['copied'] ?? '';
    await approve(id);
    expect(await app.api.call(clustersContract.health, { clusterId: id })).toMatchObject({ auth: 'ok' });
    expect(existsSync(join(dir, 'ran-copy-v1'))).toBe(true);

    writeScript(join(dir, 'bin', 'kube-login'), join(dir, 'ran-copy-v2'));
    expect(await approved('copied')).toBe(false);
    expect((await app.api.call(clustersContract.health, { clusterId: id })).auth).toBe('needs-approval');
    // the connection made while it was approved is not used any more either
    const err = await rejection(app.api.call(resourcesContract.list, { clusterId: id, group: '', version: 'v1', resource: 'pods', namespace: 'team-a' }));
    expect(err.message).toMatch(/needs your approval/);
    expect(existsSync(join(dir, 'ran-copy-v2'))).toBe(false);
  });

  it('refuses an approval when the file changed between the prompt and the click', async () => {
    const id = ids['copied'] ?? '';
    const shown = await app.api.call(clustersContract.describeExec, { clusterId: id });
    writeScript(join(dir, 'bin', 'kube-login'), join(dir, 'ran-copy-v3'));
    const err = await rejection(app.api.call(clustersContract.approveExec, { clusterId: id, fingerprint: shown.invocation.fingerprint }));
    expect(err.code).toBe('conflict');
    expect(await approved('copied')).toBe(false);
    expect(existsSync(join(dir, 'ran-copy-v3'))).toBe(false);
  });

  it('asks again when an approved symlink is pointed at another script', async () => {
    const id = ids['linked'] ?? '';
    const shown = await app.api.call(clustersContract.describeExec, { clusterId: id });
    expect(shown.invocation).toMatchObject({ path: join(dir, 'bin', 'kube-link'), realpath: join(dir, 'bin', 'login-good') });
    await approve(id);
    expect(await approved('linked')).toBe(true);
    unlinkSync(join(dir, 'bin', 'kube-link'));
    symlinkSync(join(dir, 'bin', 'login-evil'), join(dir, 'bin', 'kube-link'));
    expect(await approved('linked')).toBe(false);
    expect((await app.api.call(clustersContract.health, { clusterId: id })).auth).toBe('needs-approval');
    expect(existsSync(join(dir, 'ran-link-evil'))).toBe(false);
    expect(existsSync(join(dir, 'ran-link-good'))).toBe(false);
  });
});

describe('approvals of the old format', () => {
  it('are dropped, and the user is told how many and why, once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mldeck-exec-legacy-'));
    writeFileSync(
      join(dataDir, 'exec-approvals.json'),
      JSON.stringify({
        version: 1,
        approved: [
          { path: SH, approvedAt: '2026-01-01T00:00:00.000Z' },
          { path: '/usr/local/bin/kubectl', approvedAt: '2026-01-01T00:00:00.000Z' },
        ],
      }),
    );
    const dir = mkdtempSync(join(tmpdir(), 'mldeck-exec-legacy-kc-'));
    const marker = join(dir, 'ran');
    const app = await startApp(kubeconfig(dir, 'legacy', SH, ['-c', script(marker, labA().token)]), { dataDir });
    try {
      const c = (await app.api.call(clustersContract.list, {})).clusters.find((x) => x.contextName === 'legacy');
      expect(c?.execApproved).toBe(false);
      expect((await app.api.call(clustersContract.health, { clusterId: c?.id ?? '' })).auth).toBe('needs-approval');
      expect(existsSync(marker)).toBe(false);
      const notices = (app.events.get('app:notice') ?? []) as { level: string; title: string; message: string }[];
      const dropped = notices.filter((n) => n.title === 'Credential plugin approvals reset');
      expect(dropped).toHaveLength(1);
      expect(dropped[0]?.message).toMatch(/^2 approved credential plugins were dropped: .*arguments and environment/);
      await app.api.call(clustersContract.list, {});
      expect((app.events.get('app:notice') ?? []).filter((n) => (n as { title: string }).title === 'Credential plugin approvals reset')).toHaveLength(1);
    } finally {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
