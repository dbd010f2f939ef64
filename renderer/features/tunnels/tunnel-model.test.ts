// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { TunnelInfo } from '../../../shared/features/tunnels/tunnels.contract';
import { idleLeftMinutes, targetText } from './tunnel-model';

const t: TunnelInfo = {
  id: 'abcd1234',
  clusterId: 'c',
  namespace: 'mlflow',
  target: { kind: 'service', name: 'mlflow', port: 5000 },
  pod: 'mlflow-0',
  podPort: 5000,
  listen: 'loopback',
  address: '127.0.0.1:4000',
  bytesIn: 0,
  bytesOut: 0,
  requests: 0,
  refused: 0,
  openedAt: '2026-01-01T00:00:00.000Z',
  lastActivityAt: '2026-01-01T00:00:00.000Z',
  idleMinutes: 30,
};

describe('tunnel words', () => {
  it('names the target and the pod behind a Service', () => {
    expect(targetText(t)).toBe('service mlflow:5000 → pod mlflow-0:5000 (mlflow)');
    expect(targetText({ ...t, target: { kind: 'pod', name: 'mlflow-0', port: 5000 } })).toBe('pod mlflow-0:5000 (mlflow)');
  });
  it('counts the idle minutes left', () => {
    expect(idleLeftMinutes(t, Date.parse('2026-01-01T00:10:30Z'))).toBe(20);
    expect(idleLeftMinutes(t, Date.parse('2026-01-01T01:00:00Z'))).toBe(0);
  });
});
