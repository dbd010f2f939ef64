// SPDX-License-Identifier: Apache-2.0
/**
 * The upload form's pure rules: the name a chosen file suggests, and the problems that keep
 * Upload disabled (no file, no name, no namespace on a multi-user KFP, a file over the limit).
 */
import type { FieldProblems } from '../../components/form/Field';
import { maxPipelineYamlChars } from '../../../shared/features/pipelines/pipelines.contract';

/** What the form holds. */
export interface UploadForm {
  fileName: string;
  yaml: string;
  name: string;
  description: string;
  namespace: string;
}

/** An empty form. */
export const emptyUpload: UploadForm = { fileName: '', yaml: '', name: '', description: '', namespace: '' };

/** A KFP name from a file name: without the extension and the lab's `--v1` suffix, in KFP's characters. */
export function nameFromFile(fileName: string): string {
  return fileName
    .replace(/\.(ya?ml|json)$/i, '')
    .replace(/--.*$/, '')
    .replace(/[^A-Za-z0-9._ -]+/g, '-')
    .slice(0, 128);
}

/** The form's problems by field (empty: it can be uploaded). */
export function uploadProblems(f: UploadForm, needsNamespace: boolean): FieldProblems {
  const out: FieldProblems = {};
  if (!f.fileName) out.file = ['Choose a compiled pipeline (.yaml).'];
  else if (!f.yaml.trim()) out.file = [`${f.fileName} is empty.`];
  else if (f.yaml.length > maxPipelineYamlChars) out.file = [`${f.fileName} is larger than 16 MiB.`];
  if (!f.name.trim()) out.name = ['Give it a name.'];
  else if (f.name.trim().length > 128) out.name = ['At most 128 characters.'];
  if (needsNamespace && !f.namespace) out.namespace = ['This KFP is multi-user: choose one of your profile namespaces.'];
  return out;
}
