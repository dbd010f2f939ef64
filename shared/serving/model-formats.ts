// SPDX-License-Identifier: Apache-2.0
/**
 * The model formats MLDeck deploys and what KServe needs for each: the
 * `spec.predictor.model.modelFormat.name`, the ServingRuntime to name when KServe would not pick
 * one by itself (stock runtimes, `config/runtimes/kserve-*.yaml`), and the protocol the runtime
 * speaks. The storageUri schemes KServe's storage initializer reads are listed too.
 */

/** One deployable model format. */
export interface ModelFormat {
  /** `modelFormat.name`. */
  name: string;
  title: string;
  /** The runtime to set explicitly; undefined: KServe auto-selects one that supports the format. */
  runtime?: string;
  /** The inference protocol the runtime speaks by default. */
  protocol: 'v1' | 'v2';
}

/** Every format the deploy form offers, in its order. */
export const modelFormats: readonly ModelFormat[] = [
  { name: 'sklearn', title: 'scikit-learn', protocol: 'v1' },
  { name: 'xgboost', title: 'XGBoost', protocol: 'v1' },
  { name: 'lightgbm', title: 'LightGBM', protocol: 'v1' },
  { name: 'pytorch', title: 'PyTorch (TorchServe)', protocol: 'v1' },
  { name: 'tensorflow', title: 'TensorFlow Serving', protocol: 'v1' },
  { name: 'onnx', title: 'ONNX (Triton)', protocol: 'v2' },
  { name: 'triton', title: 'Triton', runtime: 'kserve-tritonserver', protocol: 'v2' },
  { name: 'huggingface', title: 'Hugging Face', protocol: 'v1' },
  { name: 'mlflow', title: 'MLflow (MLServer)', runtime: 'kserve-mlserver', protocol: 'v2' },
];

/** The format called `name`, if MLDeck knows it. */
export function findModelFormat(name: string | undefined): ModelFormat | undefined {
  return modelFormats.find((f) => f.name === name);
}

/** A guess of the format from an MLflow flavor or a file name in the model (`model.pkl`, `model.onnx`, `MLmodel`). */
export function guessModelFormat(hint: string | undefined): string | undefined {
  if (!hint) return undefined;
  const h = hint.toLowerCase();
  if (findModelFormat(h)) return h;
  if (/sklearn|scikit|\.pkl$|\.joblib$/.test(h)) return 'sklearn';
  if (/xgb|\.bst$/.test(h)) return 'xgboost';
  if (/lightgbm|lgb/.test(h)) return 'lightgbm';
  if (/onnx/.test(h)) return 'onnx';
  if (/torch|\.pt$|\.mar$/.test(h)) return 'pytorch';
  if (/tensorflow|keras|saved_model/.test(h)) return 'tensorflow';
  if (/transformers|huggingface/.test(h)) return 'huggingface';
  if (/mlmodel|mlflow|pyfunc/.test(h)) return 'mlflow';
  return undefined;
}

/** Schemes KServe's storage initializer reads, as the form accepts them. */
export const storageSchemes = ['s3://', 'gs://', 'pvc://', 'http://', 'https://', 'hf://', 'oci://'] as const;

/** Why a storageUri cannot be used, or undefined when its form is right. */
export function storageUriProblem(uri: string): string | undefined {
  const u = uri.trim();
  if (!u) return 'Required: where the model is (s3://bucket/path, gs://, pvc://name/path or http(s)://).';
  if (/\s/.test(u)) return 'A storageUri has no spaces.';
  const scheme = /^([a-z0-9+.-]+):\/\//i.exec(u)?.[0]?.toLowerCase();
  if (!scheme || !storageSchemes.includes(scheme as (typeof storageSchemes)[number]))
    return `Use one of ${storageSchemes.join(', ')} (KServe's storage initializer reads these).`;
  const rest = u.slice(scheme.length);
  if (!rest || rest.startsWith('/')) return `Give the ${scheme.replace('://', '')} location after ${scheme}.`;
  return undefined;
}

/** Whether the storageUri is on S3 (so the predictor needs S3 credentials unless the bucket is public). */
export function isS3Uri(uri: string): boolean {
  return /^s3:\/\//i.test(uri.trim());
}
