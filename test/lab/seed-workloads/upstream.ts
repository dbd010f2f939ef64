// SPDX-License-Identifier: Apache-2.0
/**
 * Stock runtimes read from the pinned upstream modules (nothing committed): Trainer v2's
 * ClusterTrainingRuntimes (`manifests/base/runtimes`) and KServe's ClusterServingRuntimes
 * (`config/runtimes`, with the image names its kustomization substitutes, pinned to the
 * module's release tag instead of `latest`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { goModuleDir } from '../go-modules.ts';
import type { Manifest } from '../controllers/kube.ts';

const trainer = { module: 'github.com/kubeflow/trainer/v2', version: 'v2.2.1' };
const kserve = { module: 'github.com/kserve/kserve', version: 'v0.20.0' };

/** ClusterTrainingRuntimes: torch-distributed, deepspeed-distributed, jax-distributed, xgboost-distributed. */
export function clusterTrainingRuntimes(): Manifest[] {
  const dir = join(goModuleDir(trainer.module, trainer.version), 'manifests', 'base', 'runtimes');
  return ['torch_distributed', 'deepspeed_distributed', 'jax_distributed', 'xgboost_distributed'].map(
    (f) => parse(readFileSync(join(dir, `${f}.yaml`), 'utf8')) as Manifest,
  );
}

/** ClusterServingRuntimes for sklearn, xgboost, torchserve, tensorflow and huggingface. */
export function clusterServingRuntimes(): Manifest[] {
  const dir = join(goModuleDir(kserve.module, kserve.version), 'config', 'runtimes');
  const kust = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as { images?: { name: string; newName: string; newTag: string }[] };
  const images = new Map((kust.images ?? []).map((i) => [i.name, `${i.newName}:${i.newTag === 'latest' ? kserve.version : i.newTag}`]));
  const files = ['kserve-sklearnserver', 'kserve-xgbserver', 'kserve-torchserve', 'kserve-tensorflow-serving', 'kserve-huggingfaceserver'];
  return files.map((f) => {
    const text = readFileSync(join(dir, `${f}.yaml`), 'utf8').replace(
      /image: ([\w.-]+):replace/g,
      (_m, name: string) => `image: ${images.get(name) ?? `${name}:${kserve.version}`}`,
    );
    return parse(text) as Manifest;
  });
}
