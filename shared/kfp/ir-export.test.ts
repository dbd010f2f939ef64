// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { exportIr, exportIrYaml } from './ir-export';
import { parseIrYaml, requireIr } from './ir-parse';
import { buildGraph } from './pipeline-graph';
import { irFixtures } from './testing/fixtures';

describe('exportIr round trip (parse → graph → export)', () => {
  for (const f of irFixtures) {
    it(`${f.name}: changes nothing`, () => {
      const doc = requireIr(parseIrYaml(f.text));
      const graph = buildGraph(doc);
      expect(exportIr(graph)).toStrictEqual(doc);
      const again = requireIr(parseIrYaml(exportIrYaml(graph)));
      expect(again).toStrictEqual(doc);
    });
  }
});
