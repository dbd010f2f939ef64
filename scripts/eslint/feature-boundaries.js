// SPDX-License-Identifier: Apache-2.0
/**
 * ESLint rule `mldeck/feature-boundaries`: a file under `main/features/<f>/` or
 * `renderer/features/<f>/` imports only its own feature's folder, the layer's shared code
 * (`main/platform`, `main/ipc`, `renderer/components`, `renderer/lib`, …) and `shared/`. A need of
 * another feature goes through an interface passed in by the composition root, or moves down into
 * platform/lib/components. Type-only imports count too: they couple the two features' code.
 * Tests (`*.test.ts(x)`) may import across, as they exercise the joins.
 */
import path from 'node:path';

const featureOf = (file) => {
  const m = /(?:^|\/)(main|renderer)\/features\/([^/]+)\//.exec(file.split(path.sep).join('/'));
  return m ? { layer: m[1], feature: m[2] } : undefined;
};

/** @type {import('eslint').Rule.RuleModule} */
export const featureBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: "a feature imports no other feature's internals" },
    messages: {
      crossFeature:
        "{{from}} may not import {{to}} (another feature's internals): move the shared part to platform/lib/components, or pass an interface in from the composition root.",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const here = featureOf(file);
    if (!here || /\.(test|int\.test)\.tsx?$/.test(file)) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = featureOf(path.resolve(path.dirname(file), spec) + '/');
      if (target && target.layer === here.layer && target.feature !== here.feature)
        context.report({ node, messageId: 'crossFeature', data: { from: `features/${here.feature}`, to: spec } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { 'feature-boundaries': featureBoundaries } };
