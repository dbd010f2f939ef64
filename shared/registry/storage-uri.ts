// SPDX-License-Identifier: Apache-2.0
/**
 * From where MLflow keeps a model version's files to what KServe can load: an artifact location
 * (`s3://…`, `gs://…`, `mlflow-artifacts:/…` behind the server's artifact store, Azure blob) mapped
 * to a `storageUri`, and the KServe model format chosen from the MLmodel flavours. Pure.
 */

/** A storage URI, or why there is none. */
export type StorageUriResult = { uri: string; reason?: undefined } | { uri?: undefined; reason: string };

const trimSlashes = (s: string) => s.replace(/\/+$/, '');

/**
 * The path after `mlflow-artifacts:` (`mlflow-artifacts:/1/run/artifacts/model` and
 * `mlflow-artifacts://host:5000/1/run/…` both give `1/run/…`), or undefined for other schemes.
 */
export function mlflowArtifactsPath(uri: string): string | undefined {
  const m = /^mlflow-artifacts:(\/\/[^/]*)?\/*(.*)$/.exec(uri);
  if (!m) return undefined;
  return trimSlashes(m[2] ?? '');
}

/**
 * Maps a version's resolved artifact location to a URI KServe's storage initializer can load.
 * @param artifactUri - where the version's files are (a `models:/` source already resolved to the logged model's location)
 * @param artifactStore - the MLflow server's `--artifacts-destination` (e.g. `s3://mlflow/artifacts`), '' when unknown
 */
export function storageUriFor(artifactUri: string, artifactStore: string): StorageUriResult {
  const uri = artifactUri.trim();
  if (uri === '') return { reason: 'MLflow gives no artifact location for this version.' };
  if (/^(s3|gs|pvc):\/\/[^/]+/.test(uri)) return { uri: trimSlashes(uri) };
  const proxied = mlflowArtifactsPath(uri);
  if (proxied !== undefined) {
    if (artifactStore.trim() === '')
      return {
        reason:
          'The files are behind the MLflow artifact proxy (mlflow-artifacts:/…). Set the artifact store (the server’s --artifacts-destination, e.g. s3://mlflow/artifacts) in the MLflow connection settings to map it.',
      };
    return { uri: proxied === '' ? trimSlashes(artifactStore.trim()) : `${trimSlashes(artifactStore.trim())}/${proxied}` };
  }
  // wasbs://container@account.blob.core.windows.net/path → https://account.blob.core.windows.net/container/path
  const azure = /^(?:wasbs?|abfss?):\/\/([^@/]+)@([^/]+\.(?:blob|dfs)\.core\.windows\.net)(\/.*)?$/.exec(uri);
  if (azure) return { uri: trimSlashes(`https://${(azure[2] ?? '').replace('.dfs.', '.blob.')}/${azure[1]}${azure[3] ?? ''}`) };
  if (uri.startsWith('models:/')) return { reason: `The logged model behind ${uri} could not be resolved to an artifact location.` };
  if (uri.startsWith('runs:/')) return { reason: `The run behind ${uri} could not be resolved to an artifact location.` };
  if (uri.startsWith('dbfs:') || uri.startsWith('databricks')) return { reason: 'Databricks (dbfs:) locations cannot be loaded by KServe.' };
  if (uri.startsWith('file:') || uri.startsWith('/'))
    return { reason: `The files are on the MLflow server’s local disk (${uri}); KServe cannot load them. Use an object store as the artifact root.` };
  return { reason: `KServe cannot load ${uri.split(':')[0] ?? uri}: locations.` };
}

/** KServe model formats MLDeck can pick from MLmodel flavours. */
export type KserveModelFormat = 'sklearn' | 'xgboost' | 'lightgbm' | 'pytorch' | 'tensorflow' | 'onnx' | 'huggingface' | 'mlflow';

/**
 * The KServe model format for a version from its MLmodel flavours: the framework flavour first
 * (transformers → huggingface, keras → tensorflow), `mlflow` when only `python_function` is
 * there, undefined when nothing is known.
 */
export function modelFormatOf(flavors: readonly string[]): KserveModelFormat | undefined {
  const has = (f: string) => flavors.includes(f);
  if (has('transformers')) return 'huggingface';
  if (has('sklearn')) return 'sklearn';
  if (has('xgboost')) return 'xgboost';
  if (has('lightgbm')) return 'lightgbm';
  if (has('pytorch')) return 'pytorch';
  if (has('tensorflow') || has('keras')) return 'tensorflow';
  if (has('onnx')) return 'onnx';
  if (has('python_function')) return 'mlflow';
  return undefined;
}
