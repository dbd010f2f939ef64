// SPDX-License-Identifier: Apache-2.0
/**
 * The folders that stand for the lab's volumes: one per PersistentVolumeClaim under
 * `.lab/volumes/<cluster>/<namespace>/<claim>`. KWOK runs a pod's exec commands in the folder
 * of the PVC the container works in (`volume-mounts.ts` writes the pod's `Exec` rule), so a
 * program that lists or copies files through the Kubernetes exec protocol sees the same files
 * in every pod that mounts the claim. A notebook workspace gets sample files (text, CSV,
 * JSON, an image) and TensorBoard event files of a training run when its folder is made.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { isFresh, python, pythonEnv } from '../peers/python-envs.ts';
import { repoRoot, stateDir } from '../paths.ts';

/** The root of every volume folder. */
export const volumeRoot = join(stateDir, 'volumes');

/** The folder that stands for one claim's volume. */
export function volumeDir(cluster: string, namespace: string, claim: string): string {
  for (const part of [cluster, namespace, claim]) {
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(part)) throw new Error(`not a DNS name: ${JSON.stringify(part)}`);
  }
  return join(volumeRoot, cluster, namespace, claim);
}

/** The seeded TensorBoard runs in a workspace: `runs/<run>` (scalars loss and accuracy). */
export const seededRuns = ['mnist-cnn', 'mnist-mlp'] as const;

/**
 * Makes a claim's folder (with sample files when it is a notebook workspace made now) and
 * returns it. Event files are (re)written when missing and the TensorBoard environment is built.
 */
export function ensureVolumeDir(cluster: string, namespace: string, claim: string): string {
  const dir = volumeDir(cluster, namespace, claim);
  const isNew = !existsSync(dir);
  mkdirSync(dir, { recursive: true });
  if (claim.endsWith('-workspace')) {
    if (isNew) writeSampleFiles(dir);
    if (!existsSync(join(dir, 'runs')) && isFresh('tensorboard')) writeEventFiles(join(dir, 'runs'));
  }
  return dir;
}

/** Writes the files a workspace starts with. */
export function writeSampleFiles(dir: string): void {
  mkdirSync(join(dir, 'data'), { recursive: true });
  mkdirSync(join(dir, 'plots'), { recursive: true });
  writeFileSync(join(dir, 'README.md'), '# Workspace\n\nNotebooks and data of this notebook server (MLDeck lab).\n');
  const rows = ['sepal_length,sepal_width,petal_length,petal_width,species'];
  const species = ['setosa', 'versicolor', 'virginica'];
  for (let i = 0; i < 150; i++) {
    const s = Math.floor(i / 50);
    rows.push(
      [
        (4.8 + s * 0.9 + (i % 7) * 0.1).toFixed(1),
        (3.2 - s * 0.3 + (i % 5) * 0.1).toFixed(1),
        (1.4 + s * 2.1 + (i % 4) * 0.1).toFixed(1),
        (0.2 + s * 0.9 + (i % 3) * 0.1).toFixed(1),
        species[s],
      ].join(','),
    );
  }
  writeFileSync(join(dir, 'data', 'iris.csv'), rows.join('\n') + '\n');
  writeFileSync(join(dir, 'data', 'params.json'), JSON.stringify({ lr: 0.001, epochs: 10, batch_size: 64, optimizer: 'adam' }, null, 2) + '\n');
  writeFileSync(join(dir, 'plots', 'loss.png'), gradientPng(64, 32));
}

/** Writes TensorBoard event files of the seeded runs with TensorBoard's own writer. */
export function writeEventFiles(runsDir: string): void {
  const r = spawnSync(python('tensorboard'), [join(repoRoot, 'test', 'lab', 'volumes', 'write-events.py'), runsDir, ...seededRuns], {
    encoding: 'utf8',
    env: { ...process.env, ...pythonEnv() },
  });
  if (r.status !== 0) throw new Error(`writing TensorBoard event files into ${runsDir} failed: ${r.stderr || r.error?.message}`);
}

/** A small RGB PNG (a colour gradient), made without an image library. */
function gradientPng(w: number, h: number): Buffer {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const at = y * (w * 3 + 1) + 1 + x * 3;
      raw[at] = Math.round((x / w) * 255);
      raw[at + 1] = Math.round((y / h) * 255);
      raw[at + 2] = 160;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
