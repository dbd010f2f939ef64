// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the upload form's rules. */
import { describe, expect, it } from 'vitest';
import { emptyUpload, nameFromFile, uploadProblems } from './upload-form-model';

describe('upload form', () => {
  it('suggests a name from the file', () => {
    expect(nameFromFile('training--v2.yaml')).toBe('training');
    expect(nameFromFile('my pipeline.YML')).toBe('my pipeline');
    expect(nameFromFile('a/b:c.json')).toBe('a-b-c');
  });

  it('keeps Upload disabled until a file, a name and (multi-user) a namespace are given', () => {
    expect(uploadProblems(emptyUpload, true)).toEqual({
      file: ['Choose a compiled pipeline (.yaml).'],
      name: ['Give it a name.'],
      namespace: ['This KFP is multi-user: choose one of your profile namespaces.'],
    });
    const f = { ...emptyUpload, fileName: 'p.yaml', yaml: 'pipelineInfo: {}', name: 'p' };
    expect(uploadProblems(f, false)).toEqual({});
    expect(uploadProblems({ ...f, yaml: '  ' }, false)).toEqual({ file: ['p.yaml is empty.'] });
    expect(uploadProblems({ ...f, namespace: 'team-a' }, true)).toEqual({});
  });
});
