// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/kube/object';
import { artifactsDestinationOf, mlflowScore } from './mlflow-discovery';

const svc = (
  name: string,
  labels: Record<string, string>,
  ports: { name?: string; port: number }[],
  selector: Record<string, string> | undefined = { app: name },
): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'ml', labels }, spec: { selector, ports } }) as KubeObject;

describe('mlflowScore', () => {
  it('ranks label, app label and name', () => {
    expect(mlflowScore(svc('tracking', { 'app.kubernetes.io/name': 'mlflow' }, [{ port: 5000 }]))).toBe(4);
    expect(mlflowScore(svc('mlflow', { app: 'mlflow' }, [{ name: 'http', port: 80 }]))).toBe(5);
    expect(mlflowScore(svc('mlflow-server', {}, [{ port: 5000 }]))).toBe(2);
  });

  it('skips services that are not the server or cannot be forwarded to', () => {
    expect(mlflowScore(svc('web', {}, [{ port: 5000 }]))).toBe(0);
    expect(mlflowScore(svc('mlflow', {}, [{ port: 5432 }]))).toBe(0);
    expect(mlflowScore(svc('mlflow-postgres', { app: 'mlflow' }, [{ port: 5000 }]))).toBe(0);
    expect(mlflowScore(svc('mlflow', {}, [{ port: 5000 }], {}))).toBe(0);
  });
});

describe('artifactsDestinationOf', () => {
  const pod = (command: string[] | undefined, args: string[] | undefined) => ({ metadata: { name: 'p' }, spec: { containers: [{ command, args }] } });

  it('reads --artifacts-destination in both flag forms and inside sh -c', () => {
    expect(artifactsDestinationOf(pod(['mlflow'], ['server', '--artifacts-destination=s3://mlflow/artifacts/']))).toBe('s3://mlflow/artifacts');
    expect(artifactsDestinationOf(pod(undefined, ['mlflow', 'server', '--artifacts-destination', 'gs://b/p']))).toBe('gs://b/p');
    expect(artifactsDestinationOf(pod(['sh', '-c'], ['mlflow server --host 0.0.0.0 --artifacts-destination s3://x/y']))).toBe('s3://x/y');
  });

  it('falls back to an object-store --default-artifact-root and ignores local paths', () => {
    expect(artifactsDestinationOf(pod(undefined, ['mlflow', 'server', '--default-artifact-root=s3://runs/root']))).toBe('s3://runs/root');
    expect(artifactsDestinationOf(pod(undefined, ['mlflow', 'server', '--artifacts-destination=/mnt/artifacts']))).toBeUndefined();
    expect(artifactsDestinationOf(pod(undefined, undefined))).toBeUndefined();
  });
});
