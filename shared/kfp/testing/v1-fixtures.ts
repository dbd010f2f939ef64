// SPDX-License-Identifier: Apache-2.0
/**
 * KFP v1 component files and what the kfp SDK compiled from them (test/fixtures/kfp/v1,
 * make_v1_fixtures.py): each component on its own and a pipeline using two of them. Read through
 * Vite's `?raw` imports so the tests need neither Node's fs nor Python.
 */
import downloadCompiled from '../../../test/fixtures/kfp/v1/download.compiled.yaml?raw';
import download from '../../../test/fixtures/kfp/v1/download.component.yaml?raw';
import edgeCompiled from '../../../test/fixtures/kfp/v1/edge-cases.compiled.yaml?raw';
import edge from '../../../test/fixtures/kfp/v1/edge-cases.component.yaml?raw';
import pipeline from '../../../test/fixtures/kfp/v1/pipeline.compiled.yaml?raw';
import trainCompiled from '../../../test/fixtures/kfp/v1/train-model.compiled.yaml?raw';
import train from '../../../test/fixtures/kfp/v1/train-model.component.yaml?raw';

/** Each v1 component file with the spec the kfp SDK compiled from it alone. */
export const v1Components: { name: string; text: string; compiled: string }[] = [
  { name: 'download-csv', text: download, compiled: downloadCompiled },
  { name: 'train-model', text: train, compiled: trainCompiled },
  { name: 'edge-cases', text: edge, compiled: edgeCompiled },
];

/** The pipeline download-csv → train-model, compiled by the kfp SDK. */
export const v1Pipeline = pipeline;
