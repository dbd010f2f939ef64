// SPDX-License-Identifier: Apache-2.0
/**
 * `npm run bench` (all) or `npm run bench -- B1 B4`: runs workloads against the lab (it must
 * be up; `npm run lab -- seed --scale N` adds the load B1 is meant for), prints one line per
 * result and writes test-results/bench.json and bench.svg.
 */
import { join, resolve } from 'node:path';
import { status } from '../lab/lab';
import { line, writeReport, type BenchResult } from './report';
import { b10 } from './b10-jobs-list';
import { b5 } from './b5-notebook-open';
import { b1, b2b3, b4, kubectlBaseline } from './workloads';
import { b8 } from './b8-log-tail';

const wanted = new Set(process.argv.slice(2).map((a) => a.toUpperCase()));
const want = (id: string) => wanted.size === 0 || wanted.has(id);
const results: BenchResult[] = [];
const print = (rs: BenchResult[]) => {
  for (const r of rs) {
    results.push(r);
    process.stdout.write(`${line(r)}\n`);
  }
};

const health = await status();
const down = health.filter((h) => !h.ok && /^lab-a/.test(h.name));
if (down.length) throw new Error(`the lab is not up (${down.map((d) => d.name).join(', ')}): run npm run lab -- up`);

const baseline = await kubectlBaseline();
process.stderr.write(`[bench] kubectl get pods -A -o json: ${Math.round(baseline.ms)} ms for ${baseline.pods} pods\n`);
if (want('B1')) print(await b1(baseline));
if (want('B2') || want('B3')) {
  const { results: rs } = await b2b3();
  print(rs.filter((r) => want(r.id)));
}
if (want('B4')) print(await b4(baseline.ms));
if (want('B5')) print(await b5());
if (want('B8')) print(await b8());
if (want('B10')) print(await b10());
writeReport(join(resolve(import.meta.dirname, '..', '..'), 'test-results'), results);
process.stderr.write('[bench] wrote test-results/bench.json and bench.svg\n');
process.exit(0);
