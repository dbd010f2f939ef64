// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { exitCodeOf } from './pod-exec';

describe('exec exit codes', () => {
  it('reads the kubelet Status and the exec error text of local runtimes', () => {
    expect(exitCodeOf({ status: 'Success' })).toBe(0);
    expect(exitCodeOf({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] } })).toBe(3);
    expect(exitCodeOf({ status: 'Failure', message: 'error executing command in container: cmd wait: sh -c exit 3: exit status 3' })).toBe(3);
    expect(exitCodeOf({ status: 'Failure', message: 'container not found ("x")' })).toBeUndefined();
  });
});
