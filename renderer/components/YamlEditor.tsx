// SPDX-License-Identifier: Apache-2.0
/**
 * Editable YAML in Monaco, following the app's theme, with problems shown as markers on the
 * lines of their fields (located by field path) and YAML syntax errors on their own line.
 */
import { useEffect, useRef } from 'react';
import { monaco } from '../editor/monaco';
import { useTheme } from '../lib/theme';
import { yamlPathLocator, yamlSyntaxError } from './yaml-paths';

/** A problem to mark: a field path as the API server writes it, or an explicit line. */
export interface EditorProblem {
  path: string;
  message: string;
  severity?: 'error' | 'warning';
}

const owner = 'mldeck-problems';

/** Edits `value`; `onChange` gets every edit. Markers follow `problems` (and syntax errors). */
export function YamlEditor(props: { value: string; onChange(text: string): void; problems: EditorProblem[]; testId?: string; ariaLabel?: string }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<ReturnType<typeof monaco.editor.create> | undefined>(undefined);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  /** Texts this editor reported and the parent has not echoed back yet (typing runs ahead of renders). */
  const emitted = useRef<string[]>([]);
  /** True while an outside value is being put in, so it is not reported as an edit. */
  const applying = useRef(false);
  const theme = useTheme((s) => s.choice);

  useEffect(() => {
    if (!host.current) return;
    const ed = monaco.editor.create(host.current, {
      value: props.value,
      language: 'yaml',
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 12,
      tabSize: 2,
      insertSpaces: true,
      renderWhitespace: 'none',
      wordWrap: 'off',
      ariaLabel: props.ariaLabel ?? 'YAML editor',
    });
    editor.current = ed;
    const sub = ed.onDidChangeModelContent(() => {
      if (applying.current) return;
      const text = ed.getValue();
      emitted.current.push(text);
      if (emitted.current.length > 200) emitted.current.shift();
      onChange.current(text);
    });
    return () => {
      sub.dispose();
      ed.dispose();
      editor.current = undefined;
    };
    // created once; value and problems are pushed in below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const ed = editor.current;
    if (!ed) return;
    if (ed.getValue() === props.value) {
      emitted.current = [];
      return;
    }
    // a value this editor reported earlier is the parent catching up with typing, not a change
    const i = emitted.current.indexOf(props.value);
    if (i >= 0) {
      emitted.current = emitted.current.slice(i + 1);
      return;
    }
    // an outside change (the form, the kind or namespace picker) replaces the text
    applying.current = true;
    try {
      ed.setValue(props.value);
    } finally {
      applying.current = false;
    }
    emitted.current = [];
  }, [props.value]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (!model) return;
    const text = model.getValue();
    const markers: Parameters<typeof monaco.editor.setModelMarkers>[2] = [];
    const syntax = yamlSyntaxError(text);
    if (syntax) {
      const r = syntax.range;
      markers.push({
        severity: monaco.MarkerSeverity.Error,
        message: `YAML: ${syntax.message}`,
        startLineNumber: r.startLine,
        startColumn: r.startColumn,
        endLineNumber: r.endLine,
        endColumn: r.endColumn,
      });
    } else {
      const locate = yamlPathLocator(text);
      for (const p of props.problems) {
        const r = locate(p.path);
        markers.push({
          severity: p.severity === 'warning' ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Error,
          message: p.path ? `${p.path}: ${p.message}` : p.message,
          startLineNumber: r.startLine,
          startColumn: r.startColumn,
          endLineNumber: r.endLine,
          endColumn: Math.max(r.endColumn, model.getLineMaxColumn(r.endLine)),
        });
      }
    }
    monaco.editor.setModelMarkers(model, owner, markers);
  }, [props.problems, props.value]);

  useEffect(() => {
    monaco.editor.setTheme(document.documentElement.dataset.theme === 'dark' ? 'vs-dark' : 'vs');
  }, [theme]);

  return <div className="yaml-viewer yaml-editor" ref={host} data-testid={props.testId ?? 'yaml-editor'} />;
}
