// SPDX-License-Identifier: Apache-2.0
/**
 * The lab's peers: the services both simulated clusters share (S3, MLflow, Jupyter, the
 * KServe inference server, Prometheus) and the Python environments behind them.
 * See README.md in this folder for ports, credentials and what is real.
 */
import * as inference from './inference.ts';
import * as jupyter from './jupyter.ts';
import * as mlflow from './mlflow.ts';
import * as mlflowB from './mlflow-b.ts';
import * as prometheus from './prometheus.ts';
import * as pythonEnvs from './python-envs.ts';
import * as s3 from './s3.ts';

export { seedPeers } from './seed.ts';

/** The interface every peer module implements. */
export interface Peer {
  start(): Promise<void>;
  health(): Promise<{ ok: boolean; detail: string }>;
  processNames: string[];
}

/** One peer's health. */
export interface PeerHealth {
  name: string;
  ok: boolean;
  detail: string;
}

/** Every peer, in start order (S3 before MLflow, whose artifacts live in S3). */
export const peers: { name: string; peer: Peer }[] = [
  { name: 'python-envs', peer: pythonEnvs },
  { name: 's3', peer: s3 },
  { name: 'mlflow', peer: mlflow },
  { name: 'mlflow-b', peer: mlflowB },
  { name: 'jupyter', peer: jupyter },
  { name: 'inference', peer: inference },
  { name: 'prometheus', peer: prometheus },
];

/**
 * Starts every peer, reusing healthy ones. Python environments are built first, one at a
 * time (slow on a cold cache); then the services start one after another.
 */
export async function startPeers(): Promise<void> {
  for (const { name, peer } of peers) {
    const t = Date.now();
    await peer.start();
    console.log(`[peers] ${name} up (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
}

/** The health of every peer, checked in parallel. */
export async function peersHealth(): Promise<PeerHealth[]> {
  return Promise.all(peers.map(async ({ name, peer }) => ({ name, ...(await peer.health()) })));
}

/** The process names (pid-file names) of every peer process, for `down`. */
export function peerProcessNames(): string[] {
  return peers.flatMap(({ peer }) => peer.processNames);
}
