// SPDX-License-Identifier: Apache-2.0
// `npm test`: the whole suite, setting up what it needs by itself. System packages (apt, as
// root), the lab's Go binaries (first run builds them into ~/.cache), the app build, then
// unit, integration (against the lab) and end-to-end (Chromium against browser mode) tests.
// Ends with the failed tests, the flaky ones (end-to-end tests are retried once: a test that
// passes only on its retry is listed), and one line: "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { buildAll } from './build.mjs';
import { ensureSystemPackages } from './prerequisites.mjs';

const root = resolve(import.meta.dirname, '..');
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const projects = process.argv.slice(2).length ? process.argv.slice(2) : ['unit', 'integration', 'e2e'];
// written by the lab's global setup when `up` fails (test/harness/lab-global-setup.ts)
const labSetupLog = join(results, 'lab-setup.log');
rmSync(labSetupLog, { force: true });

function step(name, fn) {
  const t = Date.now();
  console.log(`\n[test] ${name}`);
  fn();
  console.log(`[test] ${name}: ${((Date.now() - t) / 1000).toFixed(0)} s`);
}

let passed = 0;
let failed = 0;
let skipped = 0;
let exit = 0;
/** One line per project, repeated at the end where CI's tail shows it. */
const summary = [];
/** Each failed test with the start of its error, also at the end (CI shows only the tail). */
const failures = [];

/** Tests that failed once and passed on their retry (end-to-end tests get one), with the first error. */
const flaky = [];

/** The failed tests of a vitest JSON report, a few lines each; `retried`: those that passed only on a retry. */
function failedTests(project, report, retried = false) {
  const short = (text) =>
    String(text ?? '')
      .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '')
      .split('\n')
      .filter((l) => l.trim() && !l.includes('node_modules') && !l.includes('<anonymous>'))
      .slice(0, 4)
      .map((l) => `      ${l.slice(0, 300)}`)
      .join('\n');
  const out = [];
  for (const file of report.testResults ?? []) {
    const name = relative(root, file.name ?? '');
    const tests = (file.assertionResults ?? []).filter((t) =>
      retried ? t.status === 'passed' && (t.failureMessages ?? []).length > 0 : t.status === 'failed',
    );
    for (const t of tests) out.push(`${project} ${name} > ${t.fullName ?? t.title}\n${short((t.failureMessages ?? []).join('\n'))}`);
    if (!retried && !tests.length && file.status === 'failed') out.push(`${project} ${name} (the file failed)\n${short(file.message)}`);
  }
  return out;
}

try {
  if (projects.some((p) => p !== 'unit')) {
    step('system packages', ensureSystemPackages);
    step('lab binaries (first run: 15-30 minutes)', () => {
      const r = spawnSync('bash', [join(root, 'test/lab/build/build-go.sh'), 'all'], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error('building the lab failed (see above)');
    });
    await buildAll({ ifStale: true });
  }
  for (const project of projects) {
    const out = join(results, `${project}.json`);
    step(`vitest ${project}`, () => {
      const r = spawnSync(
        process.execPath,
        [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
        {
          stdio: 'inherit',
          cwd: root,
          env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' },
        },
      );
      if (r.status !== 0) exit = 1;
    });
    if (existsSync(out)) {
      const j = JSON.parse(readFileSync(out, 'utf8'));
      failures.push(...failedTests(project, j));
      flaky.push(...failedTests(project, j, true));
      const p = j.numPassedTests ?? 0;
      const f = (j.numFailedTests ?? 0) + (j.numRuntimeErrorTestSuites ?? 0);
      passed += p;
      failed += f;
      skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
      if ((j.numTotalTests ?? 0) === 0) {
        // a failed global setup (the lab did not start) runs no test at all: that is a failure
        summary.push(`${project}: no tests ran (its setup failed: see above)`);
        failed += 1;
        exit = 1;
      } else {
        const again = flaky.filter((l) => l.startsWith(`${project} `)).length;
        summary.push(`${project}: ${p} passed${again ? ` (${again} on a retry)` : ''}, ${f} failed`);
      }
    } else {
      summary.push(`${project}: no results (vitest did not write ${out})`);
      failed += 1;
      exit = 1;
    }
  }
} catch (e) {
  console.error(`[test] ${e instanceof Error ? e.message : String(e)}`);
  failed += 1;
  exit = 1;
}
if (existsSync(labSetupLog)) console.log(`\n[test] the lab's setup:\n${readFileSync(labSetupLog, 'utf8').trimEnd()}`);
if (flaky.length) console.log(`\n[test] flaky: failed once, passed on the retry:\n${flaky.map((f) => `  ${f}`).join('\n')}`);
if (failures.length) console.log(`\n[test] failed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
console.log(`\n${summary.map((l) => `[test] ${l}`).join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(exit || (failed ? 1 : 0));
