// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { newToken, originAllowed, protocolHasToken, tokenProtocolPrefix } from './auth';

describe('browser-host auth', () => {
  const token = newToken();

  it('makes 64-hex-character tokens that differ each time', () => {
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(newToken()).not.toBe(token);
  });

  it('accepts the token among other subprotocols and rejects near misses', () => {
    expect(protocolHasToken(`mldeck.v1, ${tokenProtocolPrefix}${token}`, token)).toBe(true);
    const other = token.slice(0, -1) + (token.endsWith('0') ? '1' : '0');
    expect(protocolHasToken(`${tokenProtocolPrefix}${other}`, token)).toBe(false);
    expect(protocolHasToken(`${tokenProtocolPrefix}${token}x`, token)).toBe(false);
    expect(protocolHasToken(token, token)).toBe(false);
    expect(protocolHasToken(undefined, token)).toBe(false);
  });

  it('allows only the exact origin', () => {
    const allowed = ['http://127.0.0.1:4000'];
    expect(originAllowed('http://127.0.0.1:4000', allowed)).toBe(true);
    expect(originAllowed('http://127.0.0.1:4001', allowed)).toBe(false);
    expect(originAllowed('http://localhost:4000', allowed)).toBe(false);
    expect(originAllowed('http://127.0.0.1:4000.evil.com', allowed)).toBe(false);
    expect(originAllowed('null', allowed)).toBe(false);
    expect(originAllowed(undefined, allowed)).toBe(false);
  });
});
