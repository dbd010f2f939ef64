// SPDX-License-Identifier: Apache-2.0
/**
 * The IR fixtures of the shared/kfp unit tests, as text: the pipelines of
 * test/fixtures/kfp/make_fixtures.py (control flow, platform config) and the lab's pipelines
 * compiled by the same kfp SDK (test/fixtures/kfp/lab). Read through Vite's `?raw` imports so the
 * tests need neither Node's fs nor Python.
 */
import f0 from '../../../test/fixtures/kfp/branches.yaml?raw';
import f1 from '../../../test/fixtures/kfp/loops.yaml?raw';
import f2 from '../../../test/fixtures/kfp/platform.yaml?raw';
import f3 from '../../../test/fixtures/kfp/lab/training--v1.yaml?raw';
import f4 from '../../../test/fixtures/kfp/lab/training--v2.yaml?raw';
import f5 from '../../../test/fixtures/kfp/lab/training-cached--v1.yaml?raw';
import f6 from '../../../test/fixtures/kfp/lab/conditions--v1.yaml?raw';
import f7 from '../../../test/fixtures/kfp/lab/sweep--v1.yaml?raw';
import f8 from '../../../test/fixtures/kfp/lab/sweep--v2.yaml?raw';
import f9 from '../../../test/fixtures/kfp/lab/exit-handler--v1.yaml?raw';
import f10 from '../../../test/fixtures/kfp/lab/failing--v1.yaml?raw';
import f11 from '../../../test/fixtures/kfp/lab/large--v1.yaml?raw';
import f12 from '../../../test/fixtures/kfp/lab/oversized--v1.yaml?raw';
import f13 from '../../../test/fixtures/kfp/built.yaml?raw';

/** Every fixture: its name (path under test/fixtures/kfp without .yaml) and its text. */
export const irFixtures: { name: string; text: string }[] = [
  { name: 'branches', text: f0 },
  { name: 'loops', text: f1 },
  { name: 'platform', text: f2 },
  { name: 'lab/training--v1', text: f3 },
  { name: 'lab/training--v2', text: f4 },
  { name: 'lab/training-cached--v1', text: f5 },
  { name: 'lab/conditions--v1', text: f6 },
  { name: 'lab/sweep--v1', text: f7 },
  { name: 'lab/sweep--v2', text: f8 },
  { name: 'lab/exit-handler--v1', text: f9 },
  { name: 'lab/failing--v1', text: f10 },
  { name: 'lab/large--v1', text: f11 },
  { name: 'lab/oversized--v1', text: f12 },
  { name: 'built', text: f13 },
];

/** One fixture's text by name. */
export function fixture(name: string): string {
  const f = irFixtures.find((x) => x.name === name);
  if (!f) throw new Error(`no fixture ${name}`);
  return f.text;
}
