// SPDX-License-Identifier: Apache-2.0
/** TrackingServers' rules for saved servers that need no network: listing, and what is never contacted. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterRegistry } from '../kube/cluster-registry';
import type { InClusterConnector } from '../kube/in-cluster-connector';
import type { MlflowSettingsSource } from './mlflow-settings';
import { SavedTrackingServersFile } from './saved-tracking-servers';
import { TrackingServers } from './tracking-servers';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Servers over a saved-servers file, no cluster, and a connector that records every URL it is asked to reach. */
function setup() {
  const d = mkdtempSync(join(tmpdir(), 'mldeck-tracking-servers-'));
  dirs.push(d);
  const saved = new SavedTrackingServersFile(join(d, 'mlflow-servers.json'), undefined, () => 5);
  const reached: string[] = [];
  const clusters = { contexts: () => [] } as unknown as ClusterRegistry;
  const settings: MlflowSettingsSource = { resolve: () => Promise.reject(new Error('no cluster here')) };
  const connector = {
    url: (u: string) => {
      reached.push(u);
      throw new Error(`nothing may be contacted in this test (${u})`);
    },
  } as unknown as InClusterConnector;
  return { servers: new TrackingServers(clusters, settings, connector, saved), saved, reached };
}

describe('TrackingServers and saved servers', () => {
  it('lists saved servers with their name and sign-in, never a secret', async () => {
    const { servers, saved } = setup();
    await saved.save({ url: 'https://a.example.com', name: 'Team A', auth: { kind: 'basic', username: 'alice', password: 'pw' } });
    await saved.save({ url: 'http://127.0.0.1:5000', name: '', auth: { kind: 'none' } });
    const list = await servers.list();
    expect(list).toEqual([
      {
        id: 'url:https://a.example.com',
        ref: { kind: 'url', url: 'https://a.example.com' },
        label: 'Team A · https://a.example.com',
        clusterId: undefined,
        clusterName: undefined,
        where: { kind: 'url', url: 'https://a.example.com' },
        saved: { name: 'Team A', auth: 'basic', username: 'alice', secretSealed: false },
      },
      {
        id: 'url:http://127.0.0.1:5000',
        ref: { kind: 'url', url: 'http://127.0.0.1:5000' },
        label: 'http://127.0.0.1:5000',
        clusterId: undefined,
        clusterName: undefined,
        where: { kind: 'url', url: 'http://127.0.0.1:5000' },
        saved: { name: '', auth: 'none', username: '', secretSealed: false },
      },
    ]);
    expect(JSON.stringify(list)).not.toContain('pw');
  });

  it('contacts no URL that is not saved, and none for a URL it refuses', async () => {
    const { servers, reached } = setup();
    await expect(servers.open({ kind: 'url', url: 'https://elsewhere.example.com' })).rejects.toMatchObject({
      code: 'not-found',
      message: 'No tracking server is saved at https://elsewhere.example.com: add it on the Experiments page.',
    });
    await expect(servers.add({ url: 'ftp://mlflow.example.com', name: '', auth: { kind: 'none' } })).rejects.toMatchObject({ code: 'validation' });
    await expect(servers.remove('https://elsewhere.example.com/')).rejects.toMatchObject({
      code: 'not-found',
      message: 'No tracking server is saved at https://elsewhere.example.com.',
    });
    expect(reached).toEqual([]);
  });
});
