// SPDX-License-Identifier: Apache-2.0
/**
 * A text/html output in a sandboxed frame: `sandbox=""` (no scripts, an opaque origin, no forms,
 * popups or top navigation) and a CSP at the top of its document that loads nothing but inline
 * styles and data: images. The frame cannot report its height, so it is estimated from the HTML
 * and the user can expand it or drag its bottom edge.
 */
import { memo, useMemo, useState } from 'react';
import { useDarkTheme } from '../../lib/theme';
import { frameDocument } from './frame-html';
import { estimateHtmlHeight, frameCsp, hasScripts } from './mime';

/** The sandboxed HTML output. */
export const HtmlFrame = memo(function HtmlFrame(props: { html: string }) {
  const dark = useDarkTheme();
  const est = useMemo(() => estimateHtmlHeight(props.html), [props.html]);
  const [height, setHeight] = useState<number | undefined>(undefined);
  const doc = useMemo(() => frameDocument(props.html, dark), [props.html, dark]);
  const scripted = useMemo(() => hasScripts(props.html), [props.html]);
  const shown = height ?? est.initial;
  return (
    <div className="nb-html-output">
      <div className="nb-html-box" style={{ height: shown }}>
        <iframe
          data-testid="nb-html-frame"
          title="HTML output"
          sandbox=""
          // CSP embedded enforcement: a second statement of the frame's policy, from outside
          {...{ csp: frameCsp }}
          referrerPolicy="no-referrer"
          srcDoc={doc}
        />
      </div>
      <div className="nb-html-bar">
        {height === undefined ? (
          <button
            className="btn small ghost"
            onClick={() => setHeight(Math.min(Math.max(est.full + 40, shown + 400), 20000))}
            data-testid="nb-html-expand"
            title="Show more of this output (or drag its bottom edge)"
          >
            Expand
          </button>
        ) : (
          <button className="btn small ghost" onClick={() => setHeight(undefined)}>
            Collapse
          </button>
        )}
        {scripted && <span className="muted small">Scripts in this output are not run.</span>}
      </div>
    </div>
  );
});
