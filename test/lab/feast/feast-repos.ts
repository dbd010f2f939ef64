// SPDX-License-Identifier: Apache-2.0
/**
 * The lab's Feast feature repositories and how they are applied: per cluster, the repository
 * folders under `.lab/feast/<cluster>/<project>` (a `feature_store.yaml` written here and the
 * definitions copied from `repos/<cluster>/<project>/features.py`), one registry file per cluster
 * in the lab S3 (`s3://datasets/feast/<cluster>/registry.db`), offline data as Parquet files
 * beside it (`s3://datasets/feast/<cluster>/data/`, written by `seed-data.py`), then the real
 * `feast apply` of each project (lab-a holds two projects in one registry) and, on lab-a, a saved
 * dataset. A stamp (hash of every input) and the registry object's presence make a second `up`
 * skip the seed.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClusterName } from '../control-plane.ts';
import { logDir, stateDir } from '../paths.ts';
import { mlflowS3Env } from '../peers/mlflow.ts';
import { envDir, envSpecs, python, pythonEnv } from '../peers/python-envs.ts';
import { listObjects, S3_REGION, s3Endpoint } from '../peers/s3.ts';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Per cluster: the REST registry server's loopback port, the gRPC registry server's (lab-b only:
 * one gRPC server, `feast serve_registry` without `--rest-api`, over the same registry) and the
 * projects of its registry (apply order).
 */
export const feastClusters: Record<ClusterName, { restPort: number; grpcPort: number | undefined; projects: string[] }> = {
  'lab-a': { restPort: 16572, grpcPort: undefined, projects: ['fraud_detection', 'recommendations'] },
  'lab-b': { restPort: 16573, grpcPort: 16570, projects: ['churn'] },
};

/** The lab S3 bucket holding registries and offline data. */
export const feastBucket = 'datasets';

/** Key of a cluster's registry file in {@link feastBucket}. */
export function registryKey(cluster: ClusterName): string {
  return `feast/${cluster}/registry.db`;
}

/** `s3://` URI of a cluster's registry file. */
export function registryUri(cluster: ClusterName): string {
  return `s3://${feastBucket}/${registryKey(cluster)}`;
}

/** `s3://` prefix of a cluster's offline Parquet files. */
export function dataPrefix(cluster: ClusterName): string {
  return `s3://${feastBucket}/feast/${cluster}/data`;
}

/** The folder of one applied repository (feature_store.yaml, features.py, the sqlite online store). */
export function repoDir(cluster: ClusterName, project: string): string {
  return join(stateDir, 'feast', cluster, project);
}

/** The `feast` CLI of the lab's `feast` environment. */
export function feastCli(): string {
  return join(envDir('feast'), 'bin', 'feast');
}

/** Environment of every Feast process of a cluster: the lab S3 for boto3 and pyarrow, the data prefix the repos read. */
export function feastEnv(cluster: ClusterName): NodeJS.ProcessEnv {
  return {
    ...pythonEnv(),
    ...mlflowS3Env(),
    FEAST_S3_ENDPOINT_URL: s3Endpoint,
    // pyarrow (`feast apply` checks each file source with FileSystem.from_uri) reads these
    AWS_ENDPOINT_URL: s3Endpoint,
    AWS_REGION: S3_REGION,
    FEAST_LAB_DATA: dataPrefix(cluster),
    FEAST_USAGE: 'False',
  };
}

/** The `feature_store.yaml` of one project. */
export function featureStoreYaml(cluster: ClusterName, project: string): string {
  return [
    `project: ${project}`,
    'provider: local',
    'registry:',
    '  registry_type: file',
    `  path: ${registryUri(cluster)}`,
    // the REST server re-reads the registry this often (Feast's default is 600 s)
    '  cache_ttl_seconds: 5',
    'online_store:',
    '  type: sqlite',
    `  path: ${join(repoDir(cluster, project), 'online.db')}`,
    'offline_store:',
    '  type: file',
    'entity_key_serialization_version: 3',
    'auth:',
    '  type: no_auth',
    '',
  ].join('\n');
}

function sourceFile(cluster: ClusterName, project: string): string {
  return join(here, 'repos', cluster, project, 'features.py');
}

const seedScript = join(here, 'seed-data.py');

/** Hash of everything the seed of a cluster depends on. */
export function seedHash(cluster: ClusterName): string {
  const h = createHash('sha256').update(JSON.stringify(envSpecs.feast.requirements)).update(readFileSync(seedScript));
  for (const p of feastClusters[cluster].projects)
    h.update(p)
      .update(featureStoreYaml(cluster, p))
      .update(readFileSync(sourceFile(cluster, p)));
  return h.digest('hex');
}

function stampFile(cluster: ClusterName): string {
  return join(stateDir, 'feast', cluster, 'seed-stamp.json');
}

/** Is the cluster's registry applied from the current sources (stamp matches and the registry object exists)? */
export async function isSeeded(cluster: ClusterName): Promise<boolean> {
  if (!existsSync(stampFile(cluster))) return false;
  const stamp = JSON.parse(readFileSync(stampFile(cluster), 'utf8')) as { hash?: string };
  if (stamp.hash !== seedHash(cluster)) return false;
  return (await listObjects(feastBucket, registryKey(cluster))).some((o) => o.key === registryKey(cluster));
}

/** Runs a command of the feast environment, its output appended to `logs/feast-seed-<cluster>.log`. */
function run(cluster: ClusterName, cmd: string, args: string[], cwd: string): Promise<void> {
  const logFile = join(logDir, `feast-seed-${cluster}.log`);
  return new Promise((resolvePromise, reject) => {
    const out = createWriteStream(logFile, { flags: 'a' });
    out.write(`\n$ ${cmd} ${args.join(' ')}\n`);
    const tail: string[] = [];
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...feastEnv(cluster) }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr])
      stream.on('data', (d: Buffer) => {
        out.write(d);
        tail.push(...d.toString('utf8').split('\n'));
        tail.splice(0, Math.max(0, tail.length - 30));
      });
    child.on('error', reject);
    child.on('close', (code) => {
      out.end();
      if (code === 0) resolvePromise();
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code} (log ${logFile}):\n${tail.join('\n')}`));
    });
  });
}

/**
 * Applies a cluster's repositories unless {@link isSeeded}: writes the Parquet files, runs
 * `feast apply` per project, registers lab-a's saved dataset, then writes the stamp.
 * @returns true when it applied, false when the registry was already current.
 */
export async function seedRegistry(cluster: ClusterName): Promise<boolean> {
  if (await isSeeded(cluster)) return false;
  mkdirSync(logDir, { recursive: true });
  const { projects } = feastClusters[cluster];
  for (const p of projects) {
    const dir = repoDir(cluster, p);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'feature_store.yaml'), featureStoreYaml(cluster, p));
    copyFileSync(sourceFile(cluster, p), join(dir, 'features.py'));
  }
  const py = python('feast');
  await run(cluster, py, [seedScript, 'data', cluster, dataPrefix(cluster)], stateDir);
  for (const p of projects) await run(cluster, feastCli(), ['-c', repoDir(cluster, p), 'apply'], repoDir(cluster, p));
  if (projects.includes('fraud_detection'))
    await run(cluster, py, [seedScript, 'saved-dataset', repoDir(cluster, 'fraud_detection'), dataPrefix(cluster)], stateDir);
  writeFileSync(stampFile(cluster), JSON.stringify({ hash: seedHash(cluster), registry: registryUri(cluster), appliedAt: new Date().toISOString() }, null, 2));
  return true;
}
