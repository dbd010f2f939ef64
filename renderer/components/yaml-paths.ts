// SPDX-License-Identifier: Apache-2.0
/**
 * Where a field path (`spec.pytorchReplicaSpecs.Worker.template.spec.containers[0].image`, as
 * the API server and the schema check write it) is in a YAML text, for editor markers. Keys may
 * contain dots (`nvidia.com/gpu`), so keys are matched against the document, longest first; a
 * path that goes past what the text has (a missing required field) lands on its deepest parent.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/** A 1-based line/column range. */
export interface TextRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** Parses the text once and answers many paths. */
export function yamlPathLocator(text: string): (path: string) => TextRange {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const toRange = (start: number, end: number): TextRange => {
    const a = lines.linePos(start);
    const b = lines.linePos(Math.max(start, end));
    return { startLine: a.line, startColumn: a.col, endLine: b.line, endColumn: b.col };
  };
  const firstLine: TextRange = { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  return (path) => {
    let rest = path.replace(/^\./, '').replace(/\[([^\]\d][^\]]*)\]/g, '.$1');
    let node: unknown = doc.contents;
    let best: TextRange = firstLine;
    while (rest && node) {
      if (isMap(node)) {
        let match: { key: string; pair: (typeof node.items)[number] } | undefined;
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
          if (key === undefined) continue;
          const fits = rest === key || rest.startsWith(`${key}.`) || rest.startsWith(`${key}[`);
          if (fits && (!match || key.length > match.key.length)) match = { key, pair };
        }
        if (!match) break;
        const keyNode = match.pair.key as Node;
        const valueNode = match.pair.value as Node | null;
        const [ks = 0] = keyNode.range ?? [];
        const [, ve = ks] = valueNode?.range ?? keyNode.range ?? [];
        // a key with a scalar value: the whole line; a block: the key only
        best = isScalar(valueNode) ? toRange(ks, ve) : toRange(ks, keyNode.range?.[1] ?? ks);
        rest = rest.slice(match.key.length).replace(/^\./, '');
        node = valueNode;
      } else if (isSeq(node)) {
        const m = /^\[(\d+)\]\.?/.exec(rest);
        const item = m ? (node.items[Number(m[1])] as Node | undefined) : undefined;
        if (!m || !item) break;
        const [s = 0, e = s] = item.range ?? [];
        best = isScalar(item) ? toRange(s, e) : toRange(s, s + 1);
        rest = rest.slice(m[0].length);
        node = item;
      } else break;
    }
    return best;
  };
}

/** Where the text's first YAML syntax error is, with its message; undefined when it parses. */
export function yamlSyntaxError(text: string): { range: TextRange; message: string } | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const err = doc.errors[0];
  if (!err) return undefined;
  const a = lines.linePos(err.pos[0]);
  const b = lines.linePos(err.pos[1]);
  return {
    range: { startLine: a.line, startColumn: a.col, endLine: b.line, endColumn: Math.max(b.col, a.col + 1) },
    message: err.message.split('\n')[0] ?? err.message,
  };
}
