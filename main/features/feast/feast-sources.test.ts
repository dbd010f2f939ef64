// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/kube/object';
import { grpcPort, registryCandidate, registryCandidates, restPort } from './feast-sources';

const svc = (namespace: string, name: string, ports: unknown[], labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { namespace, name, labels },
  spec: { selector: { app: name }, ports },
});

describe('Feast registry Services', () => {
  it('takes the operator’s REST registry Service and leaves its gRPC twin out; a store with gRPC only is read over gRPC', () => {
    const labels = { 'feast.dev/service-type': 'registry', 'feast.dev/name': 'sample' };
    const rest = svc('team-a', 'feast-sample-registry-rest', [{ name: 'http', port: 80, targetPort: 6572 }], labels);
    const grpc = svc('team-a', 'feast-sample-registry', [{ name: 'http', port: 80, targetPort: 6570 }], labels);
    expect(registryCandidate(grpc)).toMatchObject({
      protocol: 'grpc',
      score: 3,
      foundBy:
        'Service team-a/feast-sample-registry: the Feast operator\'s gRPC registry Service of FeatureStore "sample" (label feast.dev/service-type=registry)',
    });
    expect(registryCandidates([grpc, rest]).map((c) => [c.service.metadata.name, c.protocol])).toEqual([['feast-sample-registry-rest', 'rest']]);
    const other = svc('team-b', 'feast-other-registry', [{ name: 'http', port: 80, targetPort: 6570 }], { ...labels, 'feast.dev/name': 'other' });
    expect(registryCandidates([grpc, rest, other]).map((c) => [c.service.metadata.name, c.protocol])).toEqual([
      ['feast-sample-registry-rest', 'rest'],
      ['feast-other-registry', 'grpc'],
    ]);
    expect(registryCandidate(rest)).toMatchObject({
      protocol: 'rest',
      score: 3,
      tls: false,
      port: { port: 80 },
      foundBy:
        'Service team-a/feast-sample-registry-rest: the Feast operator\'s REST registry Service of FeatureStore "sample" (label feast.dev/service-type=registry)',
    });
    expect(registryCandidate(svc('t', 'feast-s-registry-rest', [{ name: 'https', port: 443, targetPort: 6573 }], labels))?.tls).toBe(true);
  });

  it('takes a Service on Feast’s REST port 6572, or one named like a registry, on its REST port', () => {
    expect(registryCandidate(svc('ml', 'features', [{ port: 8080, targetPort: 6572 }]))).toMatchObject({
      score: 2,
      foundBy: "Service ml/features: port 8080 → 6572, Feast's REST registry port",
    });
    const named = svc('feast', 'feast-registry', [
      { name: 'grpc', port: 6570 },
      { name: 'http', port: 80, targetPort: 8000 },
    ]);
    expect(registryCandidate(named)).toMatchObject({
      score: 1,
      port: { port: 80 },
      foundBy: 'Service feast/feast-registry: named like a Feast registry (port 80)',
    });
    expect(registryCandidate(svc('x', 'mlflow', [{ port: 5000 }]))).toBeUndefined();
    expect(
      registryCandidate(
        svc('feast', 'store', [{ name: 'http', port: 80, targetPort: 'rest' }], {
          'app.kubernetes.io/name': 'feast',
          'app.kubernetes.io/component': 'registry',
        }),
      ),
    ).toMatchObject({ score: 2, foundBy: 'Service feast/store: labelled app.kubernetes.io/name=feast, app.kubernetes.io/component=registry (port 80)' });
    expect(registryCandidate(svc('ml', 'store', [{ name: 'http', port: 80, targetPort: 'rest' }]))?.foundBy).toBe(
      'Service ml/store: port "http" 80 → rest, Feast\'s REST registry port',
    );
  });

  it('takes a Service on Feast’s gRPC port 6570 as a gRPC registry, unless a REST Service fronts the same pods', () => {
    expect(registryCandidate(svc('x', 'feast-registry', [{ name: 'grpc', port: 6570 }]))).toMatchObject({
      protocol: 'grpc',
      port: { port: 6570 },
      foundBy: 'Service x/feast-registry: named like a Feast registry (gRPC, port 6570)',
    });
    expect(registryCandidate(svc('ml', 'store', [{ port: 8080, targetPort: 6570 }]))).toMatchObject({
      protocol: 'grpc',
      foundBy: "Service ml/store: port 8080 → 6570, Feast's gRPC registry port",
    });
    const labels = { 'app.kubernetes.io/name': 'feast', 'app.kubernetes.io/component': 'registry' };
    const grpcOnly = svc('feast', 'feast-registry-grpc', [{ name: 'grpc', port: 80, targetPort: 'grpc' }], labels);
    expect(registryCandidate(grpcOnly)).toMatchObject({
      protocol: 'grpc',
      foundBy: 'Service feast/feast-registry-grpc: labelled app.kubernetes.io/name=feast, app.kubernetes.io/component=registry (gRPC, port 80)',
    });
    // the lab's layout: one pod, a REST Service and a gRPC Service with the same selector
    const restTwin: KubeObject = {
      ...svc('feast', 'feast-registry', [{ name: 'http', port: 80, targetPort: 'rest' }], labels),
      spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'rest' }] },
    };
    const grpcTwin: KubeObject = { ...grpcOnly, spec: { selector: labels, ports: [{ name: 'grpc', port: 80, targetPort: 'grpc' }] } };
    expect(registryCandidates([grpcTwin, restTwin]).map((c) => c.service.metadata.name)).toEqual(['feast-registry']);
    expect(registryCandidates([grpcTwin]).map((c) => c.protocol)).toEqual(['grpc']);
    expect(registryCandidate(svc('x', 'feast-registry', [{ name: 'grpc', port: 443, targetPort: 6571 }]))?.tls).toBe(true);
  });

  it('prefers the REST port of a Service with several, and finds the gRPC one', () => {
    expect(
      grpcPort([
        { name: 'http', port: 80 },
        { name: 'grpc', port: 9000 },
      ]),
    ).toEqual({ name: 'grpc', port: 9000 });
    expect(restPort([{ name: 'grpc', port: 80, targetPort: 'grpc' }])).toBeUndefined();
    expect(restPort([{ port: 6570 }, { port: 6572 }])).toEqual({ port: 6572 });
    expect(
      restPort([
        { name: 'grpc', port: 6570 },
        { name: 'rest', port: 9000 },
      ]),
    ).toEqual({ name: 'rest', port: 9000 });
  });

  it('ranks operator Services first, then by namespace and name', () => {
    const labels = { 'feast.dev/service-type': 'registry' };
    const got = registryCandidates([
      svc('b', 'feast-registry', [{ port: 6572 }]),
      svc('a', 'feast-registry', [{ port: 80 }]),
      svc('z', 'feast-x-registry-rest', [{ port: 80 }], labels),
      svc('a', 'kube-dns', [{ port: 53 }]),
    ]);
    expect(got.map((c) => `${c.service.metadata.namespace}/${c.service.metadata.name}:${c.score}`)).toEqual([
      'z/feast-x-registry-rest:3',
      'b/feast-registry:2',
      'a/feast-registry:1',
    ]);
  });
});
