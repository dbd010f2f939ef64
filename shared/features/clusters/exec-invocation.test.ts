// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { execApprovalText, isDangerousExecEnv, shortHash } from './exec-invocation';

describe('isDangerousExecEnv', () => {
  it('flags loader, shell and interpreter hooks', () => {
    for (const name of [
      'LD_PRELOAD',
      'LD_LIBRARY_PATH',
      'LD_AUDIT',
      'DYLD_INSERT_LIBRARIES',
      'DYLD_LIBRARY_PATH',
      'BASH_ENV',
      'ENV',
      'NODE_OPTIONS',
      'PYTHONPATH',
      'PYTHONSTARTUP',
      'PYTHONHOME',
      'PERL5LIB',
      'PERL5OPT',
      'RUBYOPT',
      'ld_preload',
      'Node_Options',
    ]) {
      expect(isDangerousExecEnv(name), name).toBe(true);
    }
  });

  it('leaves ordinary plugin settings alone', () => {
    for (const name of [
      'AWS_PROFILE',
      'AWS_REGION',
      'KUBECONFIG',
      'HOME',
      'PATH',
      'ENVIRONMENT',
      'MY_ENV',
      'NODE_ENV',
      'OLD_PRELOAD',
      'GOOGLE_APPLICATION_CREDENTIALS',
      'PERL',
      'RUBY',
    ]) {
      expect(isDangerousExecEnv(name), name).toBe(false);
    }
  });
});

describe('shortHash', () => {
  it('keeps the first 12 hex digits', () => {
    expect(shortHash('0123456789abcdef0123')).toBe('0123456789ab');
  });
});

describe('execApprovalText (the native confirmation)', () => {
  it('lists the program, the real file, the hash, every argument and every variable, dangerous ones marked', () => {
    const t = execApprovalText({
      clusterId: 'id',
      contextName: 'prod',
      userName: 'ana',
      approved: false,
      invocation: {
        fingerprint: 'f'.repeat(64),
        path: '/usr/local/bin/kubectl',
        realpath: '/opt/kubectl/1.35/kubectl',
        sha256: '0123456789abcdef'.repeat(4),
        args: ['oidc-login', 'get-token', ''],
        env: [
          { name: 'AWS_PROFILE', value: 'ml' },
          { name: 'NODE_OPTIONS', value: '--require /tmp/x.js' },
        ],
      },
    });
    expect(t.message).toContain('“prod”');
    expect(t.detail.split('\n')).toEqual([
      'Context: prod (user ana)',
      'Program: /usr/local/bin/kubectl',
      'Real file: /opt/kubectl/1.35/kubectl',
      'SHA-256: 0123456789ab…',
      'Arguments:',
      '  1. "oidc-login"',
      '  2. "get-token"',
      '  3. ""',
      'Environment:',
      '  AWS_PROFILE=ml',
      '  ⚠ DANGEROUS NODE_OPTIONS=--require /tmp/x.js',
      '',
      '1 variable(s) can make the program load or run other code. Approve only if you expected them.',
    ]);
  });
});
