// SPDX-License-Identifier: Apache-2.0
/**
 * The lab's inference server: KServe's Python model server (`kserve` 0.21.0, the runtime
 * behind KServe's predictors) serving two real scikit-learn iris classifiers, `iris`
 * (logistic regression) and `iris-v2` (random forest), trained deterministically on first
 * start. HTTP on 127.0.0.1:18080 answers KServe V1 and the V2 Open Inference Protocol;
 * V2 gRPC listens on 127.0.0.1:18081. Request shapes are in inference-server.py and the
 * README. Requests must carry `content-type: application/json`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stateDir } from '../paths.ts';
import { peerPorts } from '../ports.ts';
import { startProcess, waitFor } from '../process.ts';
import { ensureEnv, python, pythonEnv } from './python-envs.ts';
import { errorText, probe } from './http.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Base URL of the HTTP endpoint (V1 and V2). */
export const inferenceUrl = `http://127.0.0.1:${peerPorts.inferenceHttp}`;
/** Address of the V2 gRPC endpoint. */
export const inferenceGrpcAddress = `127.0.0.1:${peerPorts.inferenceGrpc}`;
/** The models served. */
export const servedModels = ['iris', 'iris-v2'] as const;
/** Where the served models live: `<dir>/<name>/model.pkl` and `meta.json`, plus `iris.csv`. */
export const modelsDir = join(stateDir, 'inference', 'models');

/** Process names this module starts. */
export const processNames = ['inference'];

/** Path of a served model's pickle (the seed uploads these bytes to MLflow and S3). */
export function modelFile(name: (typeof servedModels)[number]): string {
  return join(modelsDir, name, 'model.pkl');
}

/** Builds the `inference` environment and trains the models if they are missing. */
export async function ensureModels(): Promise<void> {
  if (servedModels.every((m) => existsSync(modelFile(m))) && existsSync(join(modelsDir, 'iris.csv'))) return;
  await ensureEnv('inference');
  mkdirSync(modelsDir, { recursive: true });
  console.log('[inference] training the iris models');
  const r = spawnSync(python('inference'), [join(here, 'train-iris.py'), '--out', modelsDir], {
    encoding: 'utf8',
    env: { ...process.env, ...pythonEnv() },
  });
  if (r.status !== 0) throw new Error(`train-iris.py failed: ${r.stderr || r.error?.message}`);
  for (const line of r.stdout.trim().split('\n')) console.log(`[inference] ${line}`);
}

/** Starts the model server (or reuses a healthy one). */
export async function start(): Promise<void> {
  if ((await health()).ok) return;
  await ensureModels();
  startProcess(
    'inference',
    python('inference'),
    [
      join(here, 'inference-server.py'),
      '--models-dir',
      modelsDir,
      '--host',
      '127.0.0.1',
      '--http-port',
      String(peerPorts.inferenceHttp),
      '--grpc-port',
      String(peerPorts.inferenceGrpc),
    ],
    { env: pythonEnv(), cwd: modelsDir },
  );
  await waitFor('inference', 'V2 /v2/health/ready', async () => (await health()).ok, 90_000);
}

/** Healthy when `/v2/health/ready` is 200 and `/v1/models` lists every served model. */
export async function health(): Promise<{ ok: boolean; detail: string }> {
  try {
    const ready = await probe(`${inferenceUrl}/v2/health/ready`);
    await ready.arrayBuffer();
    if (ready.status !== 200) return { ok: false, detail: `${inferenceUrl}/v2/health/ready: HTTP ${ready.status}` };
    const list = await probe(`${inferenceUrl}/v1/models`);
    const body = (await list.json()) as { models?: string[] };
    const missing = servedModels.filter((m) => !body.models?.includes(m));
    if (missing.length) return { ok: false, detail: `${inferenceUrl}: not serving ${missing.join(', ')}` };
    return { ok: true, detail: `${inferenceUrl} ready (V1 + V2), models ${body.models?.join(', ')}; gRPC ${inferenceGrpcAddress}` };
  } catch (e) {
    return { ok: false, detail: `${inferenceUrl}: ${errorText(e)}` };
  }
}
