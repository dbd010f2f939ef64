// SPDX-License-Identifier: Apache-2.0
/**
 * lab-b's own MLflow tracking server: a second process (PyPI mlflow, as lab-a's) on
 * 127.0.0.1:15001 with its own SQLite backend store (`<state>/mlflow-b/mlflow.db`) and its own
 * artifact bucket in the lab's S3 (`s3://mlflow-b/artifacts`), so comparing runs across
 * tracking servers is real. lab-b's in-cluster `mlflow/mlflow` Service reaches it (see
 * seed-mlflow-b.ts, which seeds it and wires the pod's port-forward); lab-a's keeps 15000.
 */
import { join } from 'node:path';
import { stateDir } from '../paths.ts';
import { peerPorts } from '../ports.ts';
import { serverHealth, startMlflowServer } from './mlflow.ts';
import * as s3 from './s3.ts';

/** Base URL of lab-b's tracking server. */
export const mlflowBUrl = `http://127.0.0.1:${peerPorts.mlflowB}`;
/** The SQLite file of its backend store. */
export const mlflowBDbPath = join(stateDir, 'mlflow-b', 'mlflow.db');
/** Its artifact bucket. */
export const mlflowBBucket = 'mlflow-b';
/** Where its artifact proxy stores artifacts. */
export const mlflowBArtifactsDestination = `s3://${mlflowBBucket}/artifacts`;

/** Process names this module starts. */
export const processNames = ['mlflow-b'];

/** Starts lab-b's tracking server (or reuses a healthy one); creates its bucket. Needs the S3 peer running. */
export async function start(): Promise<void> {
  await s3.ensureBucket(mlflowBBucket);
  await startMlflowServer({ processName: 'mlflow-b', port: peerPorts.mlflowB, dbPath: mlflowBDbPath, artifactsDestination: mlflowBArtifactsDestination });
}

/** Healthy when `GET /health` answers 200. */
export function health(): Promise<{ ok: boolean; detail: string }> {
  return serverHealth(mlflowBUrl);
}
