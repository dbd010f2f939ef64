// SPDX-License-Identifier: Apache-2.0
/** Layered layout with elkjs in a Web Worker (its prebuilt worker, no eval): one ELK instance every canvas shares. */
import ELK from 'elkjs/lib/elk-api.js';
import ElkWorker from 'elkjs/lib/elk-worker.min.js?worker';
import { layoutFromElk, type ElkBox, type Layout } from './elk-layout';

let elk: InstanceType<typeof ELK> | undefined;

/** Lays an ELK graph out in the worker. */
export async function elkLayout(root: ElkBox): Promise<Layout> {
  elk ??= new ELK({ workerFactory: () => new ElkWorker() });
  const answer = await elk.layout(root as Parameters<InstanceType<typeof ELK>['layout']>[0]);
  return layoutFromElk(answer as ElkBox);
}
