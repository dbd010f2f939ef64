// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { searchPalette, type PaletteItem } from './palette-search';

const item = (title: string, group: PaletteItem['group'] = 'Object', subtitle?: string): PaletteItem => ({
  id: title,
  title,
  group,
  ...(subtitle ? { subtitle } : {}),
  run: () => undefined,
});

describe('searchPalette', () => {
  const items = [
    item('lab-a', 'Cluster'),
    item('lab-b', 'Cluster'),
    item('team-a', 'Namespace'),
    item('mnist-ddp', 'Object', 'PyTorchJob · team-a'),
    item('resnet-mnist', 'Object', 'TFJob'),
  ];
  it('needs every word', () => {
    expect(searchPalette(items, 'mnist team').map((i) => i.title)).toEqual(['mnist-ddp']);
  });
  it('ranks prefix matches first', () => {
    expect(searchPalette(items, 'mnist').map((i) => i.title)).toEqual(['mnist-ddp', 'resnet-mnist']);
  });
  it('matches the group word', () => {
    expect(searchPalette(items, 'cluster').map((i) => i.title)).toEqual(['lab-a', 'lab-b']);
  });
  it('finds keyboard shortcuts by "shortcuts", "keys" or what they do', () => {
    const keys = [...items, item('Ctrl+K', 'Shortcut', 'Open or close the command palette · Anywhere')];
    expect(searchPalette(keys, 'shortcuts').map((i) => i.title)).toEqual(['Ctrl+K']);
    expect(searchPalette(keys, 'keys palette').map((i) => i.title)).toEqual(['Ctrl+K']);
  });
  it('returns everything (up to the limit) for an empty query', () => {
    expect(searchPalette(items, '  ', 2)).toHaveLength(2);
  });
});
