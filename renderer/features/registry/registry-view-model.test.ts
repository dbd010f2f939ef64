// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the registry pages' pure rules: settings hint, aliases, versions, compare rows, alias form. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { ModelDetail, ModelVersionDetail } from '../../../shared/features/registry/registry.contract';
import {
  aliasButtonText,
  aliasProblem,
  artifactBaseName,
  compareRows,
  needsSettings,
  otherVersions,
  sortedVersions,
  statusTone,
  versionAliases,
} from './registry-view-model';

const model = {
  model: {
    aliases: [
      { alias: 'champion', version: '2' },
      { alias: 'old', version: '1' },
      { alias: 'best', version: '2' },
    ],
  },
  versions: [{ version: '1' }, { version: '2' }, { version: '10' }],
} as unknown as ModelDetail;

describe('registry view model', () => {
  it('offers the settings only when MLflow could not be reached or refused the credentials and nothing is shown', () => {
    expect(needsSettings(new AppError('unavailable', 'x'), false)).toBe(true);
    expect(needsSettings(new AppError('unauthenticated', 'x'), false)).toBe(true);
    expect(needsSettings(new AppError('unavailable', 'x'), true)).toBe(false);
    expect(needsSettings(new AppError('forbidden', 'x'), false)).toBe(false);
    expect(needsSettings(undefined, false)).toBe(false);
  });

  it('tones statuses', () => {
    expect(statusTone('READY')).toBe('ok');
    expect(statusTone('FAILED_REGISTRATION')).toBe('error');
    expect(statusTone('PENDING_REGISTRATION')).toBe('progress');
  });

  it('orders versions numerically without repeats', () => {
    expect(sortedVersions(['10', '2', '1', '2'])).toEqual(['1', '2', '10']);
  });

  it('takes a version’s aliases from the model when read, else its own', () => {
    expect(versionAliases(model, '2', ['stale'])).toEqual(['champion', 'best']);
    expect(versionAliases(undefined, '2', ['stale'])).toEqual(['stale']);
    expect(versionAliases(undefined, '2', undefined)).toEqual([]);
    expect(otherVersions(model, ['2'])).toEqual(['1', '10']);
    expect(otherVersions(undefined, ['2'])).toEqual([]);
  });

  it('builds compare rows per key, marking differences and keeping only them when asked', () => {
    const v = (version: string, lr: string, acc: number) =>
      ({
        version,
        aliases: [],
        status: 'READY',
        stage: 'None',
        createdAt: 0,
        description: '',
        run: {
          runName: `run-${version}`,
          runId: 'r',
          params: [
            { key: 'lr', value: lr },
            { key: 'epochs', value: '3' },
          ],
          metrics: [{ key: 'acc', value: acc, step: 1 }],
        },
      }) as unknown as ModelVersionDetail;
    const all = compareRows([v('1', '0.1', 0.9), v('2', '0.2', 0.9)], false);
    expect(all.params.map((r) => [r.key, r.differs])).toEqual([
      ['epochs', false],
      ['lr', true],
    ]);
    expect(all.metrics.map((r) => [r.key, r.values])).toEqual([['acc', [0.9, 0.9]]]);
    expect(all.overview.find((r) => r.key === 'run')?.values).toEqual(['run-1', 'run-2']);
    const diff = compareRows([v('1', '0.1', 0.9), v('2', '0.2', 0.9)], true);
    expect(diff.params.map((r) => r.key)).toEqual(['lr']);
    expect(diff.metrics).toEqual([]);
  });

  it('checks alias names and words the alias button', () => {
    expect(aliasProblem('')).toBeUndefined();
    expect(aliasProblem('champion')).toBeUndefined();
    expect(aliasProblem('v3')).toBeDefined();
    expect(aliasButtonText(undefined, '2')).toBe('Set alias');
    expect(aliasButtonText({ version: '2' }, '2')).toBe('Already there');
    expect(aliasButtonText({ version: '1' }, '2')).toBe('Move from v1');
  });

  it('names an artifact by the last part of its path', () => {
    expect(artifactBaseName('model/MLmodel')).toBe('MLmodel');
    expect(artifactBaseName('x')).toBe('x');
  });
});
