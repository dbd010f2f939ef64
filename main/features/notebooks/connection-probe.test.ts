// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { decideProbe, kernelSpecsOf } from './connection-probe';

describe('connection rules', () => {
  it('chooses the base path by the status probe and tells a missing token from a refused one', () => {
    expect(decideProbe(200, true, false)).toBe('ok');
    expect(decideProbe(404, false, false)).toBe('next');
    expect(decideProbe(403, false, false)).toEqual({ state: 'needs-token', reason: 'Jupyter asks for a token: give the token of this notebook server.' });
    expect(decideProbe(403, true, true)).toEqual({ state: 'needs-token', reason: 'Jupyter refused the token.' });
    expect(decideProbe(401, true, false)).toMatchObject({ state: 'needs-token', reason: expect.stringMatching(/kept/) });
    expect(decideProbe(502, false, false)).toEqual({ state: 'offline', reason: 'The notebook server answered HTTP 502.' });
  });

  it('lists kernel specs by display name with the server default', () => {
    expect(
      kernelSpecsOf({
        default: 'python3',
        kernelspecs: {
          ir: { name: 'ir', spec: { display_name: 'R', language: 'R' } },
          python3: { name: 'python3', spec: { display_name: 'Python 3 (ipykernel)', language: 'python' } },
        },
      }),
    ).toEqual({
      specs: [
        { name: 'python3', displayName: 'Python 3 (ipykernel)', language: 'python' },
        { name: 'ir', displayName: 'R', language: 'R' },
      ],
      defaultKernel: 'python3',
    });
    expect(kernelSpecsOf({ default: 'gone', kernelspecs: { a: { spec: { display_name: 'A' } } } })).toEqual({
      specs: [{ name: 'a', displayName: 'A', language: '' }],
      defaultKernel: 'a',
    });
    expect(kernelSpecsOf({})).toEqual({ specs: [], defaultKernel: undefined });
  });
});
