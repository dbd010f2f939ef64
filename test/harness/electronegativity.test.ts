// SPDX-License-Identifier: Apache-2.0
/**
 * The Electronegativity scan of the Electron host (main, preload, the renderer page) runs in
 * `npm test` too, not only in `npm run lint`: no finding of HIGH severity.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

describe('Electronegativity', () => {
  it('finds nothing of high severity in the Electron code', () => {
    const r = spawnSync(process.execPath, [resolve(root, 'scripts/electronegativity.mjs')], { cwd: root, encoding: 'utf8' });
    const summary = /electronegativity: (\d+) findings, (\d+) high/.exec(r.stdout);
    expect(summary, `${r.stdout}\n${r.stderr}`).not.toBeNull();
    expect(Number(summary?.[2])).toBe(0);
    expect(r.status).toBe(0);
  }, 120_000);
});
