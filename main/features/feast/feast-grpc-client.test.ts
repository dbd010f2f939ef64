// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { WsCreateConnection } from '../../platform/net/http-route';
import { FeastUnreachable } from './feast-client';
import { FeastGrpcClient, grpcError } from './feast-grpc-client';
import { registryFixture } from './feast-registry-fixture';
import { GrpcReader } from './feast-proto-readers';
import { feastType, RegistryType } from './proto/feast-proto';

/** A RegistryServer on a Unix socket answering from the fixture, as `feast serve_registry` would. */
function fakeRegistryServer(path: string): Promise<grpc.Server> {
  const server = new grpc.Server();
  const method = (name: string, req: string, res: string, answer: (r: Record<string, unknown>) => unknown) => ({
    path: `/feast.registry.RegistryServer/${name}`,
    requestStream: false,
    responseStream: false,
    requestSerialize: (v: unknown) =>
      Buffer.from(
        feastType(req)
          .encode(v as object)
          .finish(),
      ),
    requestDeserialize: (b: Buffer) => feastType(req).toObject(feastType(req).decode(b)),
    responseSerialize: (v: unknown) =>
      Buffer.from(
        feastType(res)
          .encode(feastType(res).fromObject(v as object))
          .finish(),
      ),
    responseDeserialize: (b: Buffer) => feastType(res).decode(b),
    answer,
  });
  type Item = { project?: string; spec?: { project?: string } };
  const inProject = (items: Item[], r: Record<string, unknown>) =>
    // the server answers objects without their project, as Feast's to_proto() does
    items.filter((o) => (o.spec?.project ?? o.project) === r.project).map((o) => (o.spec ? { ...o, spec: { ...o.spec, project: '' } } : { ...o, project: '' }));
  const f = registryFixture as unknown as Record<string, Item[]>;
  const listed = (name: string, key: string) =>
    method(name, `feast.registry.${name}Request`, `feast.registry.${name}Response`, (r) => ({ [key]: inProject(f[key] ?? [], r) }));
  const methods = [
    method('ListProjects', 'feast.registry.ListProjectsRequest', 'feast.registry.ListProjectsResponse', () => ({ projects: registryFixture.projects })),
    method('GetProject', 'feast.registry.GetProjectRequest', 'feast.core.Project', (r) => registryFixture.projects.find((p) => p.spec.name === r.name)),
    listed('ListEntities', 'entities'),
    listed('ListDataSources', 'data_sources'),
    listed('ListFeatureViews', 'feature_views'),
    listed('ListOnDemandFeatureViews', 'on_demand_feature_views'),
    listed('ListStreamFeatureViews', 'stream_feature_views'),
    listed('ListLabelViews', 'label_views'),
    listed('ListFeatureServices', 'feature_services'),
    listed('ListSavedDatasets', 'saved_datasets'),
    method('GetRegistryLineage', 'feast.registry.GetRegistryLineageRequest', 'feast.registry.GetRegistryLineageResponse', (r) => ({
      relationships: r.project === 'fraud' ? [{ source: { type: 'entity', name: 'customer' }, target: { type: 'featureView', name: 'customer_stats' } }] : [],
    })),
  ];
  const definition: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  const impl: grpc.UntypedServiceImplementation = {};
  for (const m of methods) {
    definition[m.path] = m as unknown as grpc.MethodDefinition<unknown, unknown>;
    impl[m.path] = ((call: grpc.ServerUnaryCall<Record<string, unknown>, unknown>, cb: grpc.sendUnaryData<unknown>) =>
      cb(null, m.answer(call.request))) as grpc.UntypedHandleCall;
  }
  server.addService(definition as grpc.ServiceDefinition, impl);
  return new Promise((resolve, reject) => server.bindAsync(`unix:${path}`, grpc.ServerCredentials.createInsecure(), (e) => (e ? reject(e) : resolve(server))));
}

describe('the gRPC registry client', () => {
  let dir = '';
  let server: grpc.Server;
  let opened = 0;
  const connect: WsCreateConnection = (_o, cb) => {
    opened++;
    const s = net.connect(join(dir, 'server.sock'));
    s.once('connect', () => cb(null, s));
    s.once('error', (e) => cb(e));
    return undefined;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'feast-grpc-test-'));
    server = await fakeRegistryServer(join(dir, 'server.sock'));
  });
  afterAll(() => {
    server.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads projects, a project’s objects and Feast’s own lineage over streams the connector opens', async () => {
    const client = await FeastGrpcClient.open(connect, 'localhost:6570', 'The Feast gRPC registry feast/r');
    const reader = new GrpcReader(client);
    try {
      expect((await reader.projects()).map((p) => [p.name, p.owner])).toEqual([['fraud', 'risk@example.com']]);
      const d = await reader.project('fraud');
      expect(d.featureViews.map((v) => [v.name, v.kind, v.ttlSeconds])).toEqual([
        ['amount_ratio', 'onDemandFeatureView', undefined],
        ['customer_stats', 'featureView', 86_400],
      ]);
      expect(d.lineage.map((r) => `${r.source.name}>${r.target.name} ${r.from}`)).toEqual([
        'customer>customer_stats registry',
        'fraud_v1>training_2026 objects',
        'customer_stats>training_2026 objects',
        'amount_ratio>training_2026 objects',
      ]);
      expect(opened).toBeGreaterThan(0);
    } finally {
      reader.close();
    }
    expect(RegistryType.fullName).toBe('.feast.core.Registry');
  });

  it('says a server it cannot reach cannot be reached, with the port-forward’s reason', async () => {
    const refused: WsCreateConnection = (_o, cb) => {
      cb(new AppError('unavailable', 'the pod feast-registry-0 is gone'));
      return undefined;
    };
    const client = await FeastGrpcClient.open(refused, 'localhost:6570', 'The Feast gRPC registry feast/r', 5_000);
    try {
      const e = await client.call('ListProjects', 'feast.registry.ListProjectsRequest', 'feast.registry.ListProjectsResponse', {}).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(FeastUnreachable);
      expect(e).toMatchObject({
        code: 'unavailable',
        retryable: true,
        message: 'The Feast gRPC registry feast/r cannot be reached: the pod feast-registry-0 is gone.',
      });
    } finally {
      client.close();
    }
  });

  it('words gRPC statuses', () => {
    const s = grpc.status;
    expect(grpcError({ code: s.DEADLINE_EXCEEDED, details: 'x' }, 'R', 30_000)).toMatchObject({ code: 'timeout', message: 'R did not answer within 30 s.' });
    expect(grpcError({ code: s.PERMISSION_DENIED, details: 'no describe on project' }, 'R', 1)).toMatchObject({
      code: 'forbidden',
      message: 'R refused: no describe on project.',
    });
    expect(grpcError({ code: s.UNIMPLEMENTED, details: 'unknown service' }, 'R', 1)).toMatchObject({ code: 'unavailable', retryable: false });
    expect(grpcError({ code: s.UNAUTHENTICATED, details: 'token' }, 'R', 1).code).toBe('unauthenticated');
  });
});
