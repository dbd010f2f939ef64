// SPDX-License-Identifier: Apache-2.0
/**
 * A task's settings as the settings panel edits them (text fields and one line per list item)
 * and back as a `TaskSettingsPatch` holding only what the user changed, so an imported task's
 * other settings are written back untouched. Line formats: env `NAME=value`; Secret volume
 * `secret:/mount/path`; Secret as env `secret:key=ENV_VAR`; PVC `claim:/mount/path[:sub/path]`;
 * node selector `label=value`; toleration `key=value:Effect` (Equal) or `key:Effect` (Exists).
 */
import { AppError } from '../../../shared/errors';
import type { TaskSettingsPatch } from '../../../shared/kfp/graph-edit-settings';
import type { TaskNode } from '../../../shared/kfp/graph-types';
import { kubernetesView, resourceView } from '../../../shared/kfp/graph-view';

/** The panel's fields. */
export interface SettingsForm {
  label: string;
  caching: boolean;
  retries: string;
  image: string;
  cpuRequest: string;
  cpuLimit: string;
  memoryRequest: string;
  memoryLimit: string;
  acceleratorType: string;
  acceleratorCount: string;
  env: string;
  secretVolumes: string;
  secretEnv: string;
  pvcs: string;
  nodeSelector: string;
  tolerations: string;
}

/** The fields of a task. */
export function settingsForm(t: TaskNode): SettingsForm {
  const r = resourceView(t.settings);
  const k = kubernetesView(t.settings);
  return {
    label: t.label,
    caching: t.caching?.enableCache === true,
    retries: t.retry?.maxRetryCount ? String(t.retry.maxRetryCount) : '',
    image: t.settings.image ?? '',
    cpuRequest: r.cpuRequest ?? '',
    cpuLimit: r.cpuLimit ?? '',
    memoryRequest: r.memoryRequest ?? '',
    memoryLimit: r.memoryLimit ?? '',
    acceleratorType: r.acceleratorType ?? '',
    acceleratorCount: r.acceleratorCount !== undefined ? String(r.acceleratorCount) : '',
    env: (t.settings.env ?? []).map((e) => `${e.name}=${e.value}`).join('\n'),
    secretVolumes: k.secretVolumes.map((v) => `${v.secret}:${v.mountPath}`).join('\n'),
    secretEnv: k.secretEnv.map((v) => `${v.secret}:${v.key}=${v.env}`).join('\n'),
    pvcs: k.pvcs.map((p) => `${p.claim}:${p.mountPath}${p.subPath ? `:${p.subPath}` : ''}`).join('\n'),
    nodeSelector: Object.entries(k.nodeSelector)
      .map(([a, b]) => `${a}=${b}`)
      .join('\n'),
    tolerations: k.tolerations.map((x) => `${x.key ?? ''}${x.operator === 'Exists' ? '' : `=${x.value ?? ''}`}:${x.effect ?? ''}`).join('\n'),
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function bad(field: string, line: string, format: string): never {
  throw new AppError('validation', `"${line}" is not ${format}`, field);
}

function split2(line: string, sep: string): [string, string] | undefined {
  const i = line.indexOf(sep);
  return i > 0 ? [line.slice(0, i).trim(), line.slice(i + sep.length).trim()] : undefined;
}

/** The patch of what changed between `before` and `after`; a line that does not parse says why. */
export function settingsPatch(before: SettingsForm, after: SettingsForm): TaskSettingsPatch {
  const p: TaskSettingsPatch = {};
  const changed = (k: keyof SettingsForm) => before[k] !== after[k];
  if (changed('label')) p.label = after.label;
  if (changed('caching')) p.caching = after.caching;
  if (changed('retries')) {
    const n = after.retries.trim() === '' ? 0 : Number(after.retries);
    if (!Number.isInteger(n) || n < 0) throw new AppError('validation', 'Retries must be a whole number', 'retries');
    p.retries = n;
  }
  if (changed('image')) p.image = after.image;
  const q = (v: string) => (v.trim() === '' ? null : v.trim());
  if (changed('cpuRequest')) p.cpuRequest = q(after.cpuRequest);
  if (changed('cpuLimit')) p.cpuLimit = q(after.cpuLimit);
  if (changed('memoryRequest')) p.memoryRequest = q(after.memoryRequest);
  if (changed('memoryLimit')) p.memoryLimit = q(after.memoryLimit);
  if (changed('acceleratorType') || changed('acceleratorCount')) {
    if (after.acceleratorType.trim() === '' && after.acceleratorCount.trim() === '') p.accelerator = null;
    else p.accelerator = { type: after.acceleratorType.trim(), count: Number(after.acceleratorCount.trim() || '1') };
  }
  if (changed('env'))
    p.env = lines(after.env).map((l) => {
      const kv = split2(l, '=') ?? bad('env', l, 'NAME=value');
      return { name: kv[0], value: kv[1] };
    });
  if (changed('secretVolumes'))
    p.secretVolumes = lines(after.secretVolumes).map((l) => {
      const [secret, mountPath] = split2(l, ':') ?? bad('secretVolumes', l, 'secret:/mount/path');
      return { secret, mountPath };
    });
  if (changed('secretEnv')) {
    const bySecret = new Map<string, { secretKey: string; envVar: string }[]>();
    for (const l of lines(after.secretEnv)) {
      const [secret, rest] = split2(l, ':') ?? bad('secretEnv', l, 'secret:key=ENV_VAR');
      const [secretKey, envVar] = split2(rest, '=') ?? bad('secretEnv', l, 'secret:key=ENV_VAR');
      bySecret.set(secret, [...(bySecret.get(secret) ?? []), { secretKey, envVar }]);
    }
    p.secretEnv = [...bySecret].map(([secret, keyToEnv]) => ({ secret, keyToEnv }));
  }
  if (changed('pvcs'))
    p.pvcs = lines(after.pvcs).map((l) => {
      const [claim, mountPath, subPath] = l.split(':').map((x) => x.trim());
      if (!claim || !mountPath) bad('pvcs', l, 'claim:/mount/path[:sub/path]');
      return { claim, mountPath, ...(subPath ? { subPath } : {}) };
    });
  if (changed('nodeSelector'))
    p.nodeSelector = Object.fromEntries(lines(after.nodeSelector).map((l) => split2(l, '=') ?? bad('nodeSelector', l, 'label=value')));
  if (changed('tolerations'))
    p.tolerations = lines(after.tolerations).map((l) => {
      const i = l.lastIndexOf(':');
      const head = i >= 0 ? l.slice(0, i) : l;
      const effect = i >= 0 ? l.slice(i + 1).trim() : '';
      const kv = split2(head, '=');
      return {
        ...(kv
          ? { key: kv[0], operator: 'Equal' as const, value: kv[1] }
          : head.trim()
            ? { key: head.trim(), operator: 'Exists' as const }
            : { operator: 'Exists' as const }),
        ...(effect ? { effect } : {}),
      };
    });
  return p;
}
