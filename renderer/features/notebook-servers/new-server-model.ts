// SPDX-License-Identifier: Apache-2.0
/**
 * The pure parts of the new-notebook-server page: its draft kind, the YAML (a v1 List of the
 * Notebook and its new volumes' PVCs), where the server's problems go (by object and field), and
 * why Create is not available.
 */
import type { NotebookPermissions, NotebookProblem } from '../../../shared/features/notebook-servers/notebook-servers.contract';
import { formFieldOf, formToManifests, manifestsToForm, type NotebookForm, type NotebookManifests } from '../../../shared/kube/notebook-form';
import type { DraftKind } from '../../components/create/draft-store';
import type { Placement } from '../../components/create/problem-placement';
import { yamlObjects, yamlOf, type FormCodec } from '../../components/create/yaml-sync';

/** New-server drafts, one per cluster (the prefix earlier versions wrote). */
export const serverDraft: DraftKind<NotebookForm> = {
  prefix: 'mldeck.notebook-server-draft.',
  isForm: (f): f is NotebookForm => {
    const n = f as Partial<NotebookForm> | null;
    return (
      typeof n === 'object' &&
      n !== null &&
      typeof n.name === 'string' &&
      typeof n.image === 'string' &&
      Array.isArray(n.dataVolumes) &&
      Array.isArray(n.configurations)
    );
  },
};

/** The manifests in a YAML text: a List (or several documents) of one Notebook and any PVCs. */
export function manifestsOfYaml(text: string): NotebookManifests {
  const objects = yamlObjects(text);
  const notebooks = objects.filter((o) => o['kind'] === 'Notebook');
  if (notebooks.length !== 1) throw new Error('The YAML must hold exactly one Notebook (and any PersistentVolumeClaims).');
  const other = objects.find((o) => o['kind'] !== 'Notebook' && o['kind'] !== 'PersistentVolumeClaim');
  if (other) throw new Error(`Only a Notebook and PersistentVolumeClaims can be created here, not ${String(other['kind'])}.`);
  return { notebook: notebooks[0] as Record<string, unknown>, volumes: objects.filter((o) => o['kind'] === 'PersistentVolumeClaim') };
}

/** Form ⇄ manifests; the namespace's PodDefaults tell which configurations a manifest's labels select. */
export function serverCodec(podDefaults: { name: string; labels: Record<string, string> }[]): FormCodec<NotebookForm, NotebookManifests> {
  return {
    toManifest: formToManifests,
    fromYaml: manifestsOfYaml,
    toYaml: (m) => yamlOf({ apiVersion: 'v1', kind: 'List', items: [m.notebook, ...m.volumes] }),
    toForm: (m) => manifestsToForm(m, podDefaults),
  };
}

/** The server's problems at the form's fields (by which object and which field). */
export const serverPlacement: Placement<NotebookForm, NotebookProblem> = {
  fieldOf: (form, p) => formFieldOf(form, p.target, p.field),
};

/** A problem's object, when it is not the Notebook (a PVC's name). */
export function problemTarget(p: NotebookProblem): string | undefined {
  return p.target !== 'notebook' ? p.target : undefined;
}

/** A problem's path in the List: the Notebook is `items[0]`, then the PVCs in the order they were sent. */
export function listPath(p: NotebookProblem, yaml: string): string {
  let names: string[] = [];
  try {
    names = manifestsOfYaml(yaml).volumes.map((v) => String((v['metadata'] as { name?: unknown } | undefined)?.name ?? ''));
  } catch {
    /* the YAML does not parse: its own error is shown */
  }
  const at = p.target === 'notebook' ? 0 : names.indexOf(p.target) + 1;
  return at > 0 || p.target === 'notebook' ? `items[${at}]${p.field ? `.${p.field}` : ''}` : '';
}

/** Why Create is not available (RBAC), if it is not; new volumes need the right to create PVCs too. */
export function serverCreateBlocked(form: NotebookForm | undefined, perm: NotebookPermissions | undefined): string | undefined {
  if (!perm) return undefined;
  if (!perm.create.allowed) return perm.create.reason;
  const newVolumes = form ? [form.workspace, ...form.dataVolumes].some((v) => v?.type === 'new') : false;
  return newVolumes && !perm.createVolumes.allowed ? perm.createVolumes.reason : undefined;
}
