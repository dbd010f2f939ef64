// SPDX-License-Identifier: Apache-2.0
/**
 * The outputs of a code cell: streams (stderr tinted), results and displays in their richest
 * safe representation (see mime.ts), errors with their tracebacks in colour. Nothing here runs
 * notebook content: HTML goes to a sandboxed frame, SVG is shown as an image, JavaScript and
 * widgets are named, not run.
 */
import { Component, memo, useMemo, useState, type ReactNode } from 'react';
import type { NbOutput } from '../../../shared/notebook/nbformat';
import { HtmlFrame } from './HtmlFrame';
import { MarkdownView } from './MarkdownView';
import { chooseMime } from './mime';
import { svgToImageUrl } from './sanitize';
import { TextOutput } from './TextOutput';
import { imageDataUrl } from './url-policy';
import './outputs.css';

/** Keeps one broken output from taking the notebook down. */
class OutputBoundary extends Component<{ children: ReactNode }, { error?: string }> {
  override state: { error?: string } = {};
  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  override render() {
    return this.state.error ? <div className="nb-output-note">This output could not be shown: {this.state.error}</div> : this.props.children;
  }
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.round(v) : undefined);

function ImageOutput(props: { mime: string; value: string; metadata: Record<string, unknown> }) {
  const { mime, value } = props;
  const src = useMemo(() => (mime === 'image/svg+xml' ? svgToImageUrl(value) : imageDataUrl(mime, value)), [mime, value]);
  if (!src) return <div className="nb-output-note">This image could not be read.</div>;
  const own = props.metadata[mime];
  const meta = own && typeof own === 'object' ? (own as Record<string, unknown>) : props.metadata;
  const width = num(meta.width);
  const height = num(meta.height);
  return <img className="nb-image" src={src} alt="output image" {...(width ? { width } : {})} {...(height ? { height } : {})} draggable={false} />;
}

function JsonOutput(props: { value: unknown }) {
  const text = useMemo(() => {
    try {
      return JSON.stringify(props.value, null, 2) ?? String(props.value);
    } catch {
      return String(props.value);
    }
  }, [props.value]);
  const lines = useMemo(() => text.split('\n', 41).length, [text]);
  if (lines <= 40) return <TextOutput text={text} className="nb-json" />;
  return (
    <details className="nb-json-details">
      <summary>JSON ({Array.isArray(props.value) ? `array` : 'object'}, more than 40 lines)</summary>
      <TextOutput text={text} className="nb-json" />
    </details>
  );
}

function RichOutput(props: { output: Extract<NbOutput, { data: unknown }>; onOpenLink: (url: string) => void }) {
  const { output } = props;
  const choice = useMemo(() => chooseMime(output.data), [output.data]);
  const type = output.output_type;
  if (choice.kind === 'not-shown') {
    const js = choice.mimes.includes('application/javascript');
    return (
      <div className="nb-output" data-testid="nb-output" data-output-type={type} data-mime={choice.mimes[0] ?? ''}>
        <div className="nb-output-note">
          {js ? 'Not shown: JavaScript output (MLDeck never runs scripts from notebooks).' : `Not shown: ${choice.mimes.join(', ') || 'an empty output'}.`}
        </div>
      </div>
    );
  }
  const { mime, value } = choice;
  let body: ReactNode;
  if (mime === 'text/html') body = <HtmlFrame html={value as string} />;
  else if (mime.startsWith('image/')) body = <ImageOutput mime={mime} value={value as string} metadata={output.metadata} />;
  else if (mime === 'text/markdown') body = <MarkdownView source={value as string} onOpenLink={props.onOpenLink} className="nb-output-markdown" />;
  else if (mime === 'text/latex') body = <MarkdownView source={value as string} kind="latex" onOpenLink={props.onOpenLink} className="nb-output-latex" />;
  else if (mime === 'application/json') body = <JsonOutput value={value} />;
  else body = <TextOutput text={value as string} />;
  return (
    <div className="nb-output" data-testid="nb-output" data-output-type={type} data-mime={mime}>
      {body}
    </div>
  );
}

/** One output. */
export const OutputView = memo(function OutputView(props: { output: NbOutput; onOpenLink: (url: string) => void }) {
  const o = props.output;
  let view: ReactNode;
  switch (o.output_type) {
    case 'stream': {
      const text = Array.isArray(o.text) ? o.text.join('') : o.text;
      view = (
        <div
          className={`nb-output nb-stream ${o.name === 'stderr' ? 'nb-stderr' : ''}`}
          data-testid="nb-output"
          data-output-type="stream"
          data-mime="text/plain"
        >
          <TextOutput text={text} />
        </div>
      );
      break;
    }
    case 'error': {
      const tb = o.traceback.join('\n');
      const head = `${o.ename}: ${o.evalue}`;
      view = (
        <div className="nb-output nb-error" data-testid="nb-output" data-output-type="error" data-mime="application/vnd.jupyter.error">
          {!tb.includes(o.ename) && <div className="nb-error-head">{head}</div>}
          <TextOutput text={tb || head} />
        </div>
      );
      break;
    }
    case 'display_data':
    case 'execute_result':
      view = <RichOutput output={o} onOpenLink={props.onOpenLink} />;
      break;
    default:
      view = <div className="nb-output-note">Unknown output type.</div>;
  }
  return <OutputBoundary>{view}</OutputBoundary>;
});

const headOutputs = 50;
const tailOutputs = 150;

/** All outputs of a cell; past 200 outputs, the first 50 and the last 150 until "Show all". */
export const OutputArea = memo(function OutputArea(props: { outputs: readonly NbOutput[]; onOpenLink: (url: string) => void }) {
  const [all, setAll] = useState(false);
  const { outputs } = props;
  if (!outputs.length) return null;
  const cut = !all && outputs.length > headOutputs + tailOutputs;
  const view = (o: NbOutput, i: number) => <OutputView key={i} output={o} onOpenLink={props.onOpenLink} />;
  return (
    <div className="nb-outputs">
      {cut ? outputs.slice(0, headOutputs).map(view) : outputs.map(view)}
      {cut && (
        <div className="nb-hidden-text" data-testid="nb-outputs-hidden">
          <span>… {(outputs.length - headOutputs - tailOutputs).toLocaleString()} outputs not shown …</span>
          <button className="btn small" onClick={() => setAll(true)}>
            Show all {outputs.length.toLocaleString()}
          </button>
        </div>
      )}
      {cut && outputs.slice(outputs.length - tailOutputs).map((o, i) => view(o, outputs.length - tailOutputs + i))}
    </div>
  );
});
