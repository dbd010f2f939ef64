// SPDX-License-Identifier: Apache-2.0
/**
 * A model version's files: where they are reached (the MLflow artifact proxy for
 * `mlflow-artifacts:` URIs, the S3 store when the settings give one, else the source run's
 * artifacts through MLflow), folder listings and size-limited reads.
 */
import { AppError } from '../../../shared/errors';
import type { ArtifactEntry, ArtifactListing, ModelVersionDetail } from '../../../shared/features/registry/registry.contract';
import { mlflowArtifactsPath } from '../../../shared/registry/storage-uri';
import type { Access } from '../../platform/mlflow/mlflow-access';
import type { Download, MlflowClient } from '../../platform/mlflow/mlflow-client';
import { num } from './mlflow-wire';
import type { ResolvedSettings } from './registry-settings';
import { parseS3Uri } from '../../platform/object-store/object-reads';
import { ArtifactStore } from './artifact-store';

/** Runs an MLflow call through the service (so drops are handled in one place). */
export type MlflowCall = <T>(op: (c: MlflowClient) => Promise<T>) => Promise<T>;

/** How the files under a version's artifact root are reached. */
export function artifactRoute(
  a: Access,
  v: ModelVersionDetail,
): { kind: 'proxy'; root: string } | { kind: 's3'; bucket: string; key: string } | { kind: 'run'; runId: string; rel: string } {
  const proxied = mlflowArtifactsPath(v.artifactUri);
  if (proxied !== undefined) return { kind: 'proxy', root: proxied };
  const s3 = parseS3Uri(v.artifactUri);
  if (s3 && a.settings.s3) return { kind: 's3', ...s3 };
  if (v.run && v.run.artifactUri && (v.artifactUri === v.run.artifactUri || v.artifactUri.startsWith(`${v.run.artifactUri.replace(/\/+$/, '')}/`))) {
    return { kind: 'run', runId: v.run.runId, rel: v.artifactUri.slice(v.run.artifactUri.replace(/\/+$/, '').length).replace(/^\/+/, '') };
  }
  if (s3)
    throw new AppError('validation', `The files are in ${v.artifactUri}. Set an S3 endpoint and credentials in the MLflow connection settings to read them.`);
  throw new AppError('validation', `MLDeck cannot read files at ${v.artifactUri} (neither the MLflow artifact proxy nor the source run's artifacts).`);
}

/** Runs one read on the settings' artifact store, then closes its connections. */
async function withStore<T>(a: Access, timeoutMs: number, op: (s: ArtifactStore) => Promise<T>): Promise<T> {
  const settings: ResolvedSettings['s3'] = a.settings.s3;
  if (!settings || !a.s3Route) throw new AppError('validation', 'Set an S3 endpoint and credentials in the MLflow connection settings to read these files.');
  const store = new ArtifactStore(settings, a.s3Route, timeoutMs);
  try {
    return await op(store);
  } finally {
    store.close();
  }
}

/** One folder of a version's files. */
export async function listArtifacts(
  call: MlflowCall,
  a: Access,
  v: ModelVersionDetail,
  sub: string,
  timeoutMs: number,
): Promise<Omit<ArtifactListing, 'origin'>> {
  const route = artifactRoute(a, v);
  const clean = sub.replace(/^\/+|\/+$/g, '');
  const join = (...p: string[]) => p.filter(Boolean).join('/');
  let entries: ArtifactEntry[];
  if (route.kind === 'proxy') {
    const res = await call((c) => c.listProxied(join(route.root, clean)));
    entries = (res.files ?? []).map((f) => ({ path: join(clean, f.path), isDir: !!f.is_dir, size: f.is_dir ? undefined : num(f.file_size) }));
  } else if (route.kind === 's3') {
    entries = await withStore(a, timeoutMs, (s) => s.list(route.bucket, route.key, clean));
  } else {
    const res = await call((c) =>
      c.get<{ files?: { path: string; is_dir?: boolean; file_size?: number | string }[] }>('artifacts/list', {
        run_id: route.runId,
        path: join(route.rel, clean),
      }),
    );
    const strip = route.rel ? `${route.rel}/` : '';
    entries = (res.files ?? []).map((f) => ({
      path: f.path.startsWith(strip) ? f.path.slice(strip.length) : f.path,
      isDir: !!f.is_dir,
      size: f.is_dir ? undefined : num(f.file_size),
    }));
  }
  entries.sort((x, y) => Number(y.isDir) - Number(x.isDir) || x.path.localeCompare(y.path));
  return { root: v.artifactUri, path: clean, entries, via: route.kind === 's3' ? 's3' : 'mlflow' };
}

/** At most `limit` bytes of one of a version's files. */
export async function readArtifact(call: MlflowCall, a: Access, v: ModelVersionDetail, path: string, limit: number, timeoutMs: number): Promise<Download> {
  const route = artifactRoute(a, v);
  const clean = path.replace(/^\/+|\/+$/g, '');
  if (clean === '') throw new AppError('validation', 'Choose a file, not the artifact root.');
  if (route.kind === 'proxy') return call((c) => c.downloadProxied(`${route.root}/${clean}`, limit));
  if (route.kind === 's3') return withStore(a, timeoutMs, (s) => s.download(route.bucket, [route.key, clean].filter(Boolean).join('/'), limit));
  return call((c) => c.downloadRunArtifact(route.runId, [route.rel, clean].filter(Boolean).join('/'), limit));
}
