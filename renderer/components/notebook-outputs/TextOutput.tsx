// SPDX-License-Identifier: Apache-2.0
/**
 * Text outputs (streams, text/plain, tracebacks) with ANSI colours as styled spans, never as
 * HTML. Long texts show their head and tail with the hidden middle behind "Show all".
 */
import { memo, useMemo, useState } from 'react';
import { parseAnsi, styleCss } from '../logs/ansi';
import { textWindow } from './mime';

/** Text with ANSI colours as spans (a lone '\r' left by a progress bar is not shown). */
export function AnsiSpans(props: { text: string }) {
  const segments = useMemo(() => parseAnsi(props.text.replace(/\r(?!\n)/g, '')), [props.text]);
  return (
    <>
      {segments.map((s, i) =>
        Object.keys(s.style).length ? (
          <span key={i} style={styleCss(s.style)}>
            {s.text}
          </span>
        ) : (
          s.text
        ),
      )}
    </>
  );
}

const size = (chars: number) => (chars > 1024 * 1024 ? `${(chars / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(chars / 1024)} KB`);

/** A text output; over ~2,000 lines or ~1 MB, its head and tail with "Show all". */
export const TextOutput = memo(function TextOutput(props: { text: string; className?: string }) {
  const [all, setAll] = useState(false);
  const w = useMemo(() => (all ? undefined : textWindow(props.text)), [props.text, all]);
  const cls = `nb-text ${props.className ?? ''}`;
  if (!w || w.whole)
    return (
      <pre className={cls} style={all ? { maxHeight: '70vh', overflow: 'auto' } : undefined}>
        <AnsiSpans text={w ? w.head : props.text} />
      </pre>
    );
  return (
    <div className="nb-long-text">
      <pre className={cls}>
        <AnsiSpans text={w.head} />
      </pre>
      <div className="nb-hidden-text" data-testid="nb-output-hidden">
        <span>
          … {w.hiddenLines.toLocaleString()} lines ({size(w.hiddenChars)}) not shown …
        </span>
        <button className="btn small" onClick={() => setAll(true)} data-testid="nb-output-show-all">
          Show all
        </button>
      </div>
      <pre className={cls}>
        <AnsiSpans text={w.tail} />
      </pre>
    </div>
  );
});
