// SPDX-License-Identifier: Apache-2.0
/**
 * Monaco for notebooks: Python and Markdown highlighting on top of the app's Monaco set-up, and
 * static highlighting of cells that are not being edited (tokens rendered as React spans, so
 * thousands of cells never need an editor or any HTML string).
 */
import { useEffect, useState } from 'react';
import { monaco } from '../../../editor/monaco';
import 'monaco-editor/languages/definitions/python/register';
import 'monaco-editor/languages/definitions/markdown/register';

export { monaco };

/** The language of a cell type. */
export function cellLanguage(type: 'code' | 'markdown' | 'raw'): string {
  return type === 'code' ? 'python' : type === 'markdown' ? 'markdown' : 'plaintext';
}

let ready: Promise<void> | undefined;
let isReady = false;

/** Resolves when the Python and Markdown tokenizers are loaded (they load on first use). */
export function languagesReady(): Promise<void> {
  ready ??= Promise.all([monaco.editor.colorize('x', 'python', {}), monaco.editor.colorize('x', 'markdown', {})]).then(() => {
    isReady = true;
  });
  return ready;
}

/** True once the tokenizers are loaded (re-renders the caller then). */
export function useLanguagesReady(): boolean {
  const [r, setR] = useState(isReady);
  useEffect(() => {
    if (r) return;
    let live = true;
    void languagesReady().then(() => live && setR(true));
    return () => {
      live = false;
    };
  }, [r]);
  return r;
}

/** A run of text with a token class ('' for plain). */
export interface TokenRun {
  text: string;
  cls: string;
}

/** The text of a cell split into highlighted runs per line (lines split at \n). */
export function highlightLines(text: string, language: string): TokenRun[][] {
  const lines = text.split('\n');
  if (language === 'plaintext' || !isReady) return lines.map((l) => (l ? [{ text: l, cls: '' }] : []));
  const tokens = monaco.editor.tokenize(text, language);
  return lines.map((line, i) => {
    const toks = tokens[i] ?? [];
    const runs: TokenRun[] = [];
    for (let t = 0; t < toks.length; t++) {
      const tok = toks[t] as { offset: number; type: string };
      const end = t + 1 < toks.length ? (toks[t + 1] as { offset: number }).offset : line.length;
      if (end <= tok.offset) continue;
      const kind = tok.type.split('.')[0] ?? '';
      runs.push({ text: line.slice(tok.offset, end), cls: kind && kind !== 'identifier' && kind !== 'white' && kind !== 'source' ? `nb-tok-${kind}` : '' });
    }
    if (!toks.length && line) runs.push({ text: line, cls: '' });
    return runs;
  });
}
