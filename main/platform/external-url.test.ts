// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { parseExternalUrl } from './external-url';

describe('parseExternalUrl', () => {
  it('accepts http and https links', () => {
    expect(parseExternalUrl('https://kubeflow.org/docs/')?.hostname).toBe('kubeflow.org');
    expect(parseExternalUrl(' http://127.0.0.1:5000/#/models ')?.port).toBe('5000');
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://evil/share',
    'ms-settings:display',
    'vscode://file/x',
    'data:text/html,<script>alert(1)</script>',
    'https://user:pass@example.com/',
    'not a url',
    '//example.com',
  ])('refuses %s', (raw) => {
    expect(parseExternalUrl(raw)).toBeUndefined();
  });

  it('judges a look-alike by the host the parser sees, not by its prefix', () => {
    expect(parseExternalUrl('https://kubeflow.org.evil.com/')?.hostname).toBe('kubeflow.org.evil.com');
    expect(parseExternalUrl('HTTPS:/\\/\\evil.com')?.hostname).toBe('evil.com');
  });
});
