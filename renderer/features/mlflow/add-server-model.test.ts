// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the add-a-tracking-server form's rules. */
import { describe, expect, it } from 'vitest';
import { emptyServerDraft, serverProblems, serverRequest } from './add-server-model';

describe('add-server form', () => {
  it('sends the URL, the name and only the secret the chosen sign-in uses', () => {
    const d = { ...emptyServerDraft, url: ' https://mlflow.example.com ', name: ' Team ', username: 'alice', password: 'pw', token: 'tok' };
    expect(serverRequest(d)).toEqual({ url: 'https://mlflow.example.com', name: 'Team', auth: { kind: 'none' } });
    expect(serverRequest({ ...d, auth: 'basic' }).auth).toEqual({ kind: 'basic', username: 'alice', password: 'pw' });
    expect(serverRequest({ ...d, auth: 'bearer' }).auth).toEqual({ kind: 'bearer', token: 'tok' });
    expect(serverProblems({ ...d, auth: 'basic' })).toEqual({});
  });

  it('says what is missing or wrong at its field', () => {
    expect(serverProblems(emptyServerDraft)).toEqual({ url: ['Enter the URL of the tracking server'] });
    expect(serverProblems({ ...emptyServerDraft, url: 'ftp://x' }).url?.[0]).toMatch(/http:\/\/ or https:\/\//);
    expect(serverProblems({ ...emptyServerDraft, url: 'https://bob:pw@x.example.com' }).url?.[0]).toMatch(/not in the URL/);
    expect(serverProblems({ ...emptyServerDraft, url: 'https://x.example.com', auth: 'basic' })).toEqual({
      username: ['Enter the user name'],
      password: ['Enter the password'],
    });
    expect(serverProblems({ ...emptyServerDraft, url: 'https://x.example.com', auth: 'bearer', token: '  ' })).toEqual({ token: ['Enter the token'] });
  });
});
