// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultImages } from '../../../shared/kube/notebook-form';
import { NotebookSettingsStore } from './notebook-settings';

describe('NotebookSettingsStore', () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'nb-settings-')), 'notebook-settings.json');

  it('answers the Kubeflow web app’s defaults until a cluster is set, and keeps each cluster apart', async () => {
    const f = file();
    const store = new NotebookSettingsStore(f);
    expect(await store.get('c1')).toEqual({ clusterId: 'c1', images: defaultImages, allowCustomImage: true });
    const images = { jupyter: ['r/j:1'], 'group-one': ['r/c:1'], 'group-two': ['r/r:1'] };
    await store.set({ clusterId: 'c1', images, allowCustomImage: false });
    expect(await new NotebookSettingsStore(f).get('c1')).toEqual({ clusterId: 'c1', images, allowCustomImage: false });
    expect((await store.get('c2')).images).toEqual(defaultImages);
    expect(JSON.parse(readFileSync(f, 'utf8'))).toMatchObject({ version: 1, clusters: { c1: { allowCustomImage: false } } });
  });

  it('refuses invalid settings and reports a damaged file instead of replacing it', async () => {
    const f = file();
    const store = new NotebookSettingsStore(f);
    await expect(store.set({ clusterId: 'c1', images: { jupyter: [' '], 'group-one': [], 'group-two': [] }, allowCustomImage: true })).rejects.toMatchObject({
      code: 'validation',
    });
    writeFileSync(f, '{ not json');
    await expect(store.get('c1')).rejects.toMatchObject({ code: 'internal' });
    expect(readFileSync(f, 'utf8')).toBe('{ not json');
  });
});
