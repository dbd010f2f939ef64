// SPDX-License-Identifier: Apache-2.0
/** The palette's entries: built-ins first, a definition found twice listed once, search by name and origin. */
import { describe, expect, it } from 'vitest';
import { paletteFromIr } from '../../../shared/kfp/graph-edit';
import { parseIrYaml, requireIr } from '../../../shared/kfp/ir-parse';
import { fixture } from '../../../shared/kfp/testing/fixtures';
import { paletteEntries, searchPalette } from './palette-model';

describe('palette model', () => {
  const training = paletteFromIr(requireIr(parseIrYaml(fixture('lab/training--v1'))));

  it('lists built-ins, opened files and the cluster’s components once each', () => {
    const entries = paletteEntries(
      [
        { origin: 'training v1', components: training },
        { origin: 'training v1 again', components: training },
      ],
      [],
    );
    expect(entries.slice(0, 4).map((e) => e.origin)).toEqual(['built-in', 'built-in', 'built-in', 'built-in']);
    const fromCluster = entries.filter((e) => e.origin.startsWith('training'));
    expect(fromCluster.map((e) => e.component.name)).toEqual(training.map((c) => c.name));
    expect(fromCluster.every((e) => e.origin === 'training v1')).toBe(true);
    expect(new Set(entries.map((e) => e.key)).size).toBe(entries.length);
  });

  it('summarises ports with their types', () => {
    const [s3Read] = paletteEntries([], []).filter((e) => e.component.name === 's3-read');
    expect(s3Read?.summary).toBe('uri: STRING, endpoint: STRING → data: system.Dataset');
  });

  it('searches names, origins and descriptions', () => {
    const entries = paletteEntries([{ origin: 'training v1', components: training }], []);
    expect(searchPalette(entries, 'S3').map((e) => e.component.name)).toEqual(['s3-read', 's3-write']);
    expect(searchPalette(entries, 'training v1').length).toBe(training.length);
    expect(searchPalette(entries, '')).toBe(entries);
  });
});
