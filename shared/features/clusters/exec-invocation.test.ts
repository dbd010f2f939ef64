// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { isDangerousExecEnv, shortHash } from './exec-invocation';

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
