// SPDX-License-Identifier: Apache-2.0
/**
 * Pure rules of the registry pages: when the MLflow settings are what the user needs, a
 * version's status tone, the aliases and other versions a version page shows, the rows of the
 * compare table, version lists in order, and the alias form's problem and button words.
 */
import type { AppError } from '../../../shared/errors';
import { AliasName, type ModelDetail, type ModelVersionDetail } from '../../../shared/features/registry/registry.contract';
import { diffRows, type DiffRow } from '../../../shared/registry/version-diff';
import { when } from './registry-format';

/** No MLflow reached yet and nothing shown: the settings are what the user needs. */
export function needsSettings(error: AppError | undefined, hasValue: boolean): boolean {
  return !!error && !hasValue && (error.code === 'unavailable' || error.code === 'unauthenticated');
}

/** A version status's pill tone. */
export const statusTone = (s: string): 'ok' | 'error' | 'progress' => (s === 'READY' ? 'ok' : s.startsWith('FAILED') ? 'error' : 'progress');

/** Version numbers, unique, in numeric order. */
export function sortedVersions(vs: readonly string[]): string[] {
  return [...new Set(vs)].sort((a, b) => Number(a) - Number(b));
}

/**
 * A version's aliases: from the model's alias map when it is read (the newest after a change on
 * the version page, whose version reloads behind it), else the version's own.
 */
export function versionAliases(model: ModelDetail | undefined, version: string, own: readonly string[] | undefined): string[] {
  return model ? model.model.aliases.filter((a) => a.version === version).map((a) => a.alias) : [...(own ?? [])];
}

/** The model's versions other than these. */
export function otherVersions(model: ModelDetail | undefined, exclude: readonly string[]): string[] {
  return (model?.versions ?? []).map((x) => x.version).filter((x) => !exclude.includes(x));
}

/** The compare table's sections: what each version is, its run's params and final metrics. */
export function compareRows(
  list: readonly ModelVersionDetail[],
  differencesOnly: boolean,
): { overview: DiffRow<string>[]; params: DiffRow<string>[]; metrics: DiffRow<number>[] } {
  return {
    overview: diffRows<string>(
      list.map((d) => ({
        aliases: d.aliases.map((a) => `@${a}`).join(' '),
        status: d.status,
        stage: d.stage,
        created: when(d.createdAt),
        run: d.run ? d.run.runName || d.run.runId : (d.runProblem ?? ''),
        'model format': d.modelFormat ?? 'unknown',
        'storage URI': d.storageUri ?? '',
        description: d.description,
      })),
      differencesOnly,
    ),
    params: diffRows(
      list.map((d) => Object.fromEntries((d.run?.params ?? []).map((p) => [p.key, p.value]))),
      differencesOnly,
    ),
    metrics: diffRows(
      list.map((d) => Object.fromEntries((d.run?.metrics ?? []).map((m) => [m.key, m.value]))),
      differencesOnly,
    ),
  };
}

/** What is wrong with an alias name as typed (undefined when empty or valid). */
export function aliasProblem(alias: string): string | undefined {
  if (alias.trim() === '') return undefined;
  const parsed = AliasName.safeParse(alias);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

/** The alias form's button: set a new alias, move an existing one, or say it is already there. */
export function aliasButtonText(current: { version: string } | undefined, version: string): string {
  return current ? (current.version === version ? 'Already there' : `Move from v${current.version}`) : 'Set alias';
}

/** The last part of an artifact path. */
export const artifactBaseName = (p: string): string => p.split('/').pop() ?? p;
