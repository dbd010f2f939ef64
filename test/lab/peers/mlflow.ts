// SPDX-License-Identifier: Apache-2.0
/**
 * The lab's MLflow tracking server (PyPI mlflow 3.18.0) on 127.0.0.1:15000: SQLite backend
 * store under the lab's state directory, `--serve-artifacts` with artifacts on the lab's
 * S3 server (`s3://mlflow/artifacts`), one uvicorn worker. Clients use the artifact proxy
 * (`mlflow-artifacts:/…`) and need no S3 credentials; the server uses the S3 root key.
 * lab-b has a tracking server of its own (mlflow-b.ts), started the same way.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stateDir } from '../paths.ts';
import { peerPorts } from '../ports.ts';
import { startProcess, waitFor } from '../process.ts';
import { ensureEnv, python, pythonEnv } from './python-envs.ts';
import { S3_ACCESS_KEY, S3_REGION, S3_SECRET_KEY, s3Endpoint } from './s3.ts';
import { errorText, probe } from './http.ts';

/** Base URL of the tracking server (REST API under `/api/2.0/mlflow/…`). */
export const mlflowUrl = `http://127.0.0.1:${peerPorts.mlflow}`;
/** The SQLite file of the backend store. */
export const mlflowDbPath = join(stateDir, 'mlflow', 'mlflow.db');
/** Where the server's artifact proxy stores artifacts. */
export const mlflowArtifactsDestination = 's3://mlflow/artifacts';

/** Process names this module starts. */
export const processNames = ['mlflow'];

/**
 * Environment for any process that talks to the lab's S3 as MLflow does (the server, or a
 * client using `s3://` URIs directly). CRC32 request checksums are sent only when required,
 * as the app's S3 clients do for S3-compatible stores.
 */
export function mlflowS3Env(): NodeJS.ProcessEnv {
  return {
    MLFLOW_S3_ENDPOINT_URL: s3Endpoint,
    AWS_ACCESS_KEY_ID: S3_ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: S3_SECRET_KEY,
    AWS_DEFAULT_REGION: S3_REGION,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'when_required',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'when_required',
  };
}

/** One tracking server's process: its name, port, backend store and artifact destination. */
export interface MlflowServerSpec {
  processName: string;
  port: number;
  dbPath: string;
  artifactsDestination: string;
}

const labAServer: MlflowServerSpec = { processName: 'mlflow', port: peerPorts.mlflow, dbPath: mlflowDbPath, artifactsDestination: mlflowArtifactsDestination };

/** Starts the tracking server (or reuses a healthy one). Needs the S3 peer running. */
export function start(): Promise<void> {
  return startMlflowServer(labAServer);
}

/** Starts a tracking server as {@link start} does lab-a's (lab-b has its own: mlflow-b.ts). */
export async function startMlflowServer(spec: MlflowServerSpec): Promise<void> {
  const url = `http://127.0.0.1:${spec.port}`;
  if ((await serverHealth(url)).ok) return;
  await ensureEnv('mlflow');
  const dir = dirname(spec.dbPath);
  mkdirSync(dir, { recursive: true });
  startProcess(
    spec.processName,
    python('mlflow'),
    [
      '-m',
      'mlflow',
      'server',
      '--host',
      '127.0.0.1',
      '--port',
      String(spec.port),
      '--backend-store-uri',
      `sqlite:///${spec.dbPath}`,
      '--serve-artifacts',
      '--artifacts-destination',
      spec.artifactsDestination,
      '--workers',
      '1',
      // MLflow 3 refuses unknown Host headers (DNS-rebinding check); tests reach it through a
      // proxy under names that resolve nowhere else (`mlflow.lab.test`), so those are allowed too
      '--allowed-hosts',
      'localhost,localhost:*,127.0.0.1,127.0.0.1:*,[::1],[::1]:*,*.lab.test,*.lab.test:*',
    ],
    {
      env: {
        ...pythonEnv(),
        ...mlflowS3Env(),
        // MLflow 3.x starts a job runner with three huey consumers for GenAI scorer jobs; the
        // app does not use them and they cost memory and CPU on a 2-core machine.
        MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false',
      },
      cwd: dir,
    },
  );
  // The first start creates and migrates the SQLite schema, which takes a while.
  await waitFor(spec.processName, 'GET /health', async () => (await serverHealth(url)).ok, 180_000);
}

/** Healthy when `GET /health` answers 200 `OK`. */
export function health(): Promise<{ ok: boolean; detail: string }> {
  return serverHealth(mlflowUrl);
}

/** A tracking server's health at a base URL. */
export async function serverHealth(url: string): Promise<{ ok: boolean; detail: string }> {
  try {
    const res = await probe(`${url}/health`);
    const text = (await res.text()).trim();
    return res.status === 200 ? { ok: true, detail: `${url}/health: ${text}` } : { ok: false, detail: `${url}/health: HTTP ${res.status}` };
  } catch (e) {
    return { ok: false, detail: `${url}: ${errorText(e)}` };
  }
}
