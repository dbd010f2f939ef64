// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { cookieName, decide, withoutTunnelCookies } from './tunnel-auth';

const id = 'abcd1234';
const token = 'f'.repeat(64);
const host = '127.0.0.1:5000';

describe('tunnel requests', () => {
  it('sets the cookie on the token path and sends the browser to the rest of the path', () => {
    expect(decide(id, token, 5000, { host, url: `/.mldeck-tunnel/${token}` })).toEqual({
      kind: 'set-cookie',
      setCookie: `${cookieName(id)}=${token}; Path=/; HttpOnly; SameSite=Strict`,
      location: '/',
    });
    expect(decide(id, token, 5000, { host, url: `/.mldeck-tunnel/${token}/#scalars?x=1` })).toMatchObject({ location: '/#scalars?x=1' });
    expect(decide(id, token, 5000, { host: 'localhost:5000', url: `/.mldeck-tunnel/${token}?a=b` })).toMatchObject({ location: '/?a=b' });
  });

  it('forwards with the cookie, without passing it on', () => {
    expect(decide(id, token, 5000, { host, url: '/data/runs', cookie: `a=1; ${cookieName(id)}=${token}; mldeck_tunnel_other=x; b=2` })).toEqual({
      kind: 'forward',
      cookie: 'a=1; b=2',
    });
    expect(withoutTunnelCookies(`${cookieName(id)}=${token}`)).toBeUndefined();
  });

  it('refuses without the token, with a wrong one, and under another Host', () => {
    expect(decide(id, token, 5000, { host, url: '/' })).toMatchObject({ kind: 'refuse', status: 403 });
    expect(decide(id, token, 5000, { host, url: '/', cookie: `${cookieName(id)}=${'e'.repeat(64)}` })).toMatchObject({ kind: 'refuse', status: 403 });
    expect(decide(id, token, 5000, { host, url: `/.mldeck-tunnel/${'e'.repeat(64)}` })).toMatchObject({ kind: 'refuse', status: 403 });
    expect(decide(id, token, 5000, { host: 'evil.example:5000', url: '/', cookie: `${cookieName(id)}=${token}` })).toMatchObject({
      kind: 'refuse',
      status: 421,
    });
    expect(decide(id, token, 5000, { host: '127.0.0.1:5001', url: `/.mldeck-tunnel/${token}` })).toMatchObject({ kind: 'refuse', status: 421 });
  });
});
