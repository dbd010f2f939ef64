// SPDX-License-Identifier: Apache-2.0
/**
 * 100,000 objects in one prefix of the lab S3 (versitygw, posix backend): seeded as files in the
 * bucket's folder on disk (versitygw lists what is there), then listed through MLDeck's storage
 * service as the browser does: the first page of 1,000 arrives on its own, in far less time than
 * the whole listing; every page after it follows its continuation token until exactly 100,000
 * keys, in order, are in; a search by prefix finds one object among them and a range of 100.
 * The seeded folder is removed after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { storageContract, type SavedStore } from '../../shared/features/storage/storage.contract';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { labInfo } from '../harness/lab';
import { labS3Store, removeSeeded, seedPartFiles, seededPart as name } from './storage-lab';

const SCALE = 100_000;
const run = `mldeck-it-scale-${Date.now().toString(36)}`;
const prefix = `${run}/huge/`;

describe('a prefix of 100,000 objects', () => {
  let app: AppUnderTest;
  let clusterId = '';
  let store: SavedStore;

  beforeAll(async () => {
    seedPartFiles('datasets', `${run}/huge`, SCALE);
    app = await startApp(labInfo().kubeconfig);
    clusterId = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
    store = await app.api.call(storageContract.save, labS3Store(clusterId, { name: 'lab S3' }));
  }, 600_000);
  afterAll(() => {
    app?.close();
    removeSeeded('datasets', run);
  });

  it('pages through all of them: the first page alone and at once, then exactly 100,000 keys in order', async () => {
    const list = (token?: string) => app.api.call(storageContract.list, { clusterId, connectionId: store.id, bucket: 'datasets', prefix, token });
    // the folder above shows the prefix as one folder, not its 100,000 objects
    const above = await app.api.call(storageContract.list, { clusterId, connectionId: store.id, bucket: 'datasets', prefix: `${run}/` });
    expect(above).toEqual({ folders: [prefix], objects: [], next: undefined });

    const t0 = performance.now();
    const first = await list();
    const firstMs = performance.now() - t0;
    expect(first.objects).toHaveLength(1000);
    expect(first.objects[0]).toMatchObject({ key: `${prefix}${name(0)}`, size: `id,value\n0,0\n`.length });
    expect(first.objects[0]?.lastModified).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(first.next).toBeTruthy();

    let token = first.next;
    let pages = 1;
    let count = first.objects.length;
    let last = first.objects.at(-1)?.key ?? '';
    let inOrder = true;
    while (token) {
      const page = await list(token);
      for (const o of page.objects) {
        if (o.key <= last) inOrder = false;
        last = o.key;
      }
      count += page.objects.length;
      token = page.next;
      pages++;
    }
    const allMs = performance.now() - t0;
    console.log(`first page ${firstMs.toFixed(0)} ms; ${pages} pages, ${count} objects in ${allMs.toFixed(0)} ms`);
    expect(count).toBe(SCALE);
    expect(pages).toBe(SCALE / 1000);
    expect(inOrder).toBe(true);
    expect(last).toBe(`${prefix}${name(SCALE - 1)}`);
    // the first rows do not wait for the rest
    expect(firstMs).toBeLessThan(allMs / 10);
    expect(firstMs).toBeLessThan(5_000);
  }, 600_000);

  it('finds one object among them by prefix, and a range of 100', async () => {
    const one = await app.api.call(storageContract.list, { clusterId, connectionId: store.id, bucket: 'datasets', prefix: `${prefix}${name(73_519)}` });
    expect(one.objects.map((o) => o.key)).toEqual([`${prefix}${name(73_519)}`]);
    expect(one.next).toBeUndefined();
    const range = await app.api.call(storageContract.list, { clusterId, connectionId: store.id, bucket: 'datasets', prefix: `${prefix}part-0999` });
    expect(range.objects.map((o) => o.key)).toEqual(Array.from({ length: 100 }, (_, i) => `${prefix}${name(99_900 + i)}`));
    expect(range.next).toBeUndefined();
  });
});
