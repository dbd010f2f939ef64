// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/kube/object';
import { targetPortOn } from '../../platform/kube/service-discovery';
import { rankPrometheusServices } from './prometheus-discovery';

const svc = (
  name: string,
  labels: Record<string, string>,
  ports: { name?: string; port: number; targetPort?: number | string }[],
  selector: Record<string, string> = { app: name },
): KubeObject => ({
  metadata: { name, namespace: 'monitoring', labels },
  spec: { selector, ports },
});

describe('finding Prometheus', () => {
  it('ranks the server by labels and name, leaving out look-alikes and Services without a selector or web port', () => {
    const ranked = rankPrometheusServices([
      svc('alertmanager-main', { 'app.kubernetes.io/name': 'alertmanager' }, [{ name: 'web', port: 9093 }]),
      svc('prometheus-operator', { 'app.kubernetes.io/name': 'prometheus-operator' }, [{ name: 'https', port: 8443 }]),
      svc('my-prometheus', {}, [{ name: 'http', port: 80, targetPort: 9090 }]),
      svc('prometheus-k8s', { 'app.kubernetes.io/name': 'prometheus' }, [{ name: 'web', port: 9090, targetPort: 'web' }]),
      svc('prometheus-headless', { 'app.kubernetes.io/name': 'prometheus' }, [{ name: 'web', port: 9090 }], {}),
      svc('grafana', { app: 'grafana' }, [{ name: 'http', port: 3000 }]),
    ]);
    expect(ranked.map((s) => s.metadata.name)).toEqual(['prometheus-k8s', 'my-prometheus']);
  });

  it('resolves a named target port on the pod, and numbers as they are', () => {
    const pod = { metadata: { name: 'p' }, spec: { containers: [{ ports: [{ name: 'web', containerPort: 9091 }] }] } };
    expect(targetPortOn(pod, { port: 9090, targetPort: 'web' })).toBe(9091);
    expect(targetPortOn(pod, { port: 80, targetPort: 9090 })).toBe(9090);
    expect(targetPortOn(pod, { port: 9090 })).toBe(9090);
    expect(targetPortOn(pod, { port: 9090, targetPort: 'metrics' })).toBeUndefined();
  });
});
