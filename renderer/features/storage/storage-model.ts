// SPDX-License-Identifier: Apache-2.0
/**
 * The object browser's pure pieces: `s3://` URIs and prefixes, folder and file names, rows of a
 * listing, what kind of preview a key gets, transfer speed and time left.
 */

/** `s3://bucket/prefix` → bucket and prefix (a folder prefix keeps its `/`). */
export function parseS3(uri: string): { bucket: string; prefix: string } | undefined {
  const m = /^(?:s3|s3a|minio):\/\/([^/\s]+)\/?(.*)$/.exec(uri.trim());
  return m && m[1] ? { bucket: m[1], prefix: m[2] ?? '' } : undefined;
}

/** The `s3://` URI of a bucket and key or prefix. */
export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** The last part of a key or folder prefix (`a/b/c.csv` → `c.csv`, `a/b/` → `b/`). */
export function baseName(key: string): string {
  const folder = key.endsWith('/');
  const parts = key.replace(/\/+$/, '').split('/');
  return `${parts[parts.length - 1] ?? ''}${folder ? '/' : ''}`;
}

/** The folders above a prefix, for breadcrumbs: `a/b/` → [{a/}, {a/b/}]. */
export function crumbs(prefix: string): { name: string; prefix: string }[] {
  const parts = prefix.split('/').filter(Boolean);
  return parts.map((name, i) => ({ name, prefix: `${parts.slice(0, i + 1).join('/')}/` }));
}

/** The folder a key is in (`a/b/c.csv` → `a/b/`; `c.csv` → ''). */
export function parentPrefix(key: string): string {
  const i = key.replace(/\/+$/, '').lastIndexOf('/');
  return i < 0 ? '' : key.slice(0, i + 1);
}

/** One row of the browser. */
export interface BrowserRow {
  key: string;
  name: string;
  isFolder: boolean;
  size: number | undefined;
  lastModified: string | undefined;
}

/** Rows of a listing: folders first, then objects; the folder's own marker object is left out. */
export function rowsOf(prefix: string, folders: string[], objects: { key: string; size: number; lastModified: string | undefined }[]): BrowserRow[] {
  return [
    ...folders.map((f) => ({ key: f, name: baseName(f), isFolder: true, size: undefined, lastModified: undefined })),
    ...objects.filter((o) => o.key !== prefix).map((o) => ({ key: o.key, name: baseName(o.key), isFolder: false, size: o.size, lastModified: o.lastModified })),
  ];
}

/** How a file is previewed. */
export type PreviewKind = 'csv' | 'tsv' | 'parquet' | 'json' | 'jsonl' | 'image' | 'notebook' | 'mlmodel' | 'text' | 'none';

const textExt = /\.(txt|log|md|yaml|yml|py|sh|cfg|ini|toml|xml|html|sql|r|scala|java|go|ts|js|out|err|properties|conf|env)$/i;

/** The preview a key gets, from its name. */
export function previewKind(key: string): PreviewKind {
  const name = baseName(key).toLowerCase();
  if (name === 'mlmodel') return 'mlmodel';
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.tsv')) return 'tsv';
  if (name.endsWith('.parquet') || name.endsWith('.pq')) return 'parquet';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.json')) return 'json';
  if (/\.(png|jpe?g|gif|webp|bmp|svg)$/.test(name)) return 'image';
  if (name.endsWith('.ipynb')) return 'notebook';
  if (textExt.test(name) || !name.includes('.') || name === 'requirements.txt' || name === 'dockerfile') return 'text';
  return 'none';
}

/** The image media type of a key (SVG is shown as an image, never inline). */
export function imageType(key: string): string {
  const ext = /\.([a-z]+)$/i.exec(key)?.[1]?.toLowerCase() ?? '';
  return ext === 'svg' ? 'image/svg+xml' : ext === 'jpg' ? 'image/jpeg' : `image/${ext}`;
}

/** Whether a folder listing is a model MLDeck can deploy (an MLmodel, or KServe-ready files). */
export function modelFolder(names: string[]): 'mlflow' | 'kserve' | undefined {
  const lower = names.map((n) => n.toLowerCase());
  if (lower.includes('mlmodel')) return 'mlflow';
  if (lower.some((n) => /\.(joblib|pkl|pickle|bst|onnx|pt|pth|savedmodel|pb|h5|keras|safetensors|ubj)$/.test(n) || n === 'saved_model.pb' || n === 'model.mar'))
    return 'kserve';
  return undefined;
}

/**
 * The KServe model format of a model folder (its file names): `mlflow` for an MLmodel, else by
 * the model file's kind (joblib/pickle: sklearn, .bst/.ubj: xgboost, .onnx: onnx, .pt/.pth/.mar:
 * pytorch, saved_model.pb/.h5/.keras: tensorflow, .safetensors: huggingface); undefined when
 * the files do not say.
 */
export function modelFormatOf(names: string[]): string | undefined {
  const lower = names.map((n) => n.toLowerCase());
  const has = (re: RegExp) => lower.some((n) => re.test(n));
  if (lower.includes('mlmodel')) return 'mlflow';
  if (has(/\.(joblib|pkl|pickle)$/)) return 'sklearn';
  if (has(/\.(bst|ubj)$/)) return 'xgboost';
  if (has(/\.onnx$/)) return 'onnx';
  if (has(/\.(pt|pth|mar)$/)) return 'pytorch';
  if (has(/^saved_model\.pb$|\.(h5|keras|savedmodel)$/)) return 'tensorflow';
  if (has(/\.safetensors$/)) return 'huggingface';
  return undefined;
}

/** A transfer's speed (bytes/s over the samples' span) and time left in seconds. */
export function rate(samples: { at: number; loaded: number }[], total: number | undefined): { speed: number; secondsLeft: number | undefined } {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || last.at <= first.at) return { speed: 0, secondsLeft: undefined };
  const speed = ((last.loaded - first.loaded) * 1000) / (last.at - first.at);
  return { speed, secondsLeft: total !== undefined && speed > 0 ? Math.max(0, (total - last.loaded) / speed) : undefined };
}

/** "3 s", "2 min 5 s", "1 h 4 min". */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
