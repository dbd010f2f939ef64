// SPDX-License-Identifier: Apache-2.0
/** Read-only YAML in Monaco, following the app's theme. */
import { useEffect, useRef } from 'react';
import { monaco } from '../editor/monaco';
import { useTheme } from '../lib/theme';

/** Shows `text` as YAML. */
export function YamlViewer({ text }: { text: string }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<ReturnType<typeof monaco.editor.create> | undefined>(undefined);
  const theme = useTheme((s) => s.choice);

  useEffect(() => {
    if (!host.current) return;
    const ed = monaco.editor.create(host.current, {
      value: text,
      language: 'yaml',
      readOnly: true,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 12,
      renderWhitespace: 'none',
      wordWrap: 'off',
    });
    editor.current = ed;
    return () => ed.dispose();
    // created once; text updates below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const ed = editor.current;
    if (ed && ed.getValue() !== text) ed.setValue(text);
  }, [text]);

  useEffect(() => {
    monaco.editor.setTheme(document.documentElement.dataset.theme === 'dark' ? 'vs-dark' : 'vs');
  }, [theme]);

  return <div className="yaml-viewer" ref={host} data-testid="yaml-viewer" />;
}
