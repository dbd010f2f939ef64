// SPDX-License-Identifier: Apache-2.0
/** Where problems show: at the form field the server's path maps to, else in the list; the form's checks at their fields. */
import { describe, expect, it } from 'vitest';
import { editorMarkers, placeProblems, type Placement, type ServerProblem } from './problem-placement';

const placement: Placement<{ kind: string }, ServerProblem> = {
  fieldOf: (_f, p) => (p.field === 'spec.replicas' ? 'replicas' : p.field === 'metadata.name' ? 'name' : undefined),
  textOf: (p) => `${p.message}!`,
};

describe('problem placement', () => {
  it('puts the server’s problems at their fields when the form has one, the rest in the list, and the form’s checks at their fields', () => {
    const server = [
      { field: 'spec.replicas', message: 'must be ≥ 0' },
      { field: 'spec.unknown', message: 'unknown field' },
      { field: '', message: 'denied by webhook' },
    ];
    const r = placeProblems(placement, { kind: 'x' }, server, [
      { field: 'name', message: 'Required.' },
      { field: 'replicas', message: 'A number.' },
    ]);
    expect(r.byField).toEqual({ replicas: ['must be ≥ 0!', 'A number.'], name: ['Required.'] });
    expect(r.other).toEqual([server[1], server[2]]);
  });

  it('marks the YAML at the problem’s field, or at the path the page maps it to', () => {
    const ps = [{ field: 'spec.x', message: 'm', target: 'pvc-1' }, { message: 'n' }];
    expect(editorMarkers(ps)).toEqual([
      { path: 'spec.x', message: 'm' },
      { path: '', message: 'n' },
    ]);
    expect(editorMarkers(ps, (p) => (p.target ? `items[1].${p.field ?? ''}` : ''))[0]).toEqual({ path: 'items[1].spec.x', message: 'm' });
  });
});
