// SPDX-License-Identifier: Apache-2.0
// Runs Electronegativity over the Electron code (main, preload, the renderer page) and fails
// on any HIGH-severity finding. Its release lookup needs the internet; offline it warns and
// still scans. Findings are written to test-results/electronegativity.csv.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'mldeck-eneg-'));
for (const p of ['main', 'preload', 'renderer/index.html', 'package.json']) cpSync(join(root, p), join(work, p), { recursive: true });
const outDir = join(root, 'test-results');
mkdirSync(outDir, { recursive: true });
const out = join(outDir, 'electronegativity.csv');
rmSync(out, { force: true });
const r = spawnSync(process.execPath, [join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'), '-i', work, '-o', out, '-r', '-v', 'false'], {
  encoding: 'utf8',
});
rmSync(work, { recursive: true, force: true });
if (!existsSync(out)) {
  console.error(r.stdout, r.stderr);
  console.error('electronegativity produced no report');
  process.exit(1);
}
const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
const high = rows.filter((l) => /,"?HIGH"?,/i.test(l));
console.log(`electronegativity: ${rows.length} findings, ${high.length} high (report: ${out})`);
for (const l of rows) console.log(`  ${l}`);
process.exit(high.length ? 1 : 0);
