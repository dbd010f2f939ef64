// SPDX-License-Identifier: Apache-2.0
/**
 * A virtualised log view: only the visible lines are in the DOM. Follows new lines (pausing when
 * the user scrolls up, resuming with a button or at the bottom), searches with highlighted hits
 * and next/previous, shows ANSI colours as styled text (never as HTML), wraps on demand,
 * downloads what it holds, counts lines and says where the log comes from (following, kept
 * after the pod is gone, offline).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { AppError } from '../../../shared/errors';
import type { TailState } from '../../../shared/features/logs/logs.contract';
import { ErrorNote } from '../ErrorNote';
import { parseAnsi, stripAnsi, styleCss } from './ansi';
import type { ViewLine } from './log-lines';
import { markSegments, searchMore, type LogMatch, type SearchState } from './log-search';

/** A named stream of a merged view (its lines carry the index as `source`). */
export interface LogSource {
  label: string;
  color: string;
}

/** What {@link LogViewer} takes. */
export interface LogViewerProps {
  lines: readonly ViewLine[];
  /** Changes whenever `lines` changed (they may be mutated in place). */
  version: number;
  /** Prefixes for merged views. */
  sources?: readonly LogSource[];
  state: TailState | undefined;
  reason?: string | undefined;
  /** Lines dropped in the renderer to stay within its bound. */
  dropped: number;
  /**
   * How many lines were dropped from the front of `lines` so far (monotone), when only the front
   * loses lines: the search then keeps its hits of the lines that stay. Without it, lost lines
   * make the search start over.
   */
  frontDropped?: number;
  /** Lines main skipped while this view was behind (still in the kept log). */
  skipped?: number;
  /** Older lines were not kept by MLDeck. */
  truncated: boolean;
  /** The file name offered for download. */
  downloadName: string;
  error?: AppError | undefined;
  onRetry?: () => void;
  height?: number;
  testId?: string;
}

const rowHeight = 18;
const plainCache = new WeakMap<ViewLine, string>();
function plainOf(l: ViewLine): string {
  let p = plainCache.get(l);
  if (p === undefined) {
    p = stripAnsi(l.text);
    plainCache.set(l, p);
  }
  return p;
}

const stateText: Record<TailState, string> = {
  following: 'following',
  reconnecting: 'reconnecting…',
  finished: 'kept log, container finished',
  'pod-gone': 'kept log, pod gone',
  offline: 'offline, kept log',
  snapshot: 'snapshot',
  stopped: 'kept log, not following',
};
const stateClass: Record<TailState, string> = {
  following: 'ok',
  reconnecting: 'warn',
  finished: 'neutral',
  'pod-gone': 'neutral',
  offline: 'warn',
  snapshot: 'neutral',
  stopped: 'neutral',
};

/** The first index of `matches` on or after `line` (they are in line order). */
function firstOnLine(matches: readonly LogMatch[], line: number): number {
  let lo = 0;
  let hi = matches.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((matches[mid] as LogMatch).line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The log view. */
export function LogViewer(props: LogViewerProps) {
  const { lines, version, sources } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  const [wrap, setWrap] = useState(false);
  const [times, setTimes] = useState(false);
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  const lastTop = useRef(0);

  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 20,
  });

  // a new wrap mode changes every row's height
  useEffect(() => virtualizer.measure(), [wrap, times, virtualizer]);

  // only the lines that arrived are searched; a new term or lost lines search all again
  const search = useRef<SearchState<ViewLine> | undefined>(undefined);
  const frontDropped = props.frontDropped;
  const matches = useMemo(
    () => {
      search.current = searchMore(search.current, lines, plainOf, query, frontDropped ?? 0);
      return search.current.matches;
    },
    // lines are mutated in place; version says when
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [query, version, lines, frontDropped],
  );
  const currentIndex = matches.length ? Math.min(current, matches.length - 1) : -1;

  useEffect(() => {
    if (follow && lines.length) virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [follow, version, lines.length, virtualizer]);

  const goTo = (i: number) => {
    if (!matches.length) return;
    const n = (i + matches.length) % matches.length;
    setCurrent(n);
    setFollow(false);
    virtualizer.scrollToIndex((matches[n] as LogMatch).line, { align: 'center' });
  };
  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      goTo(currentIndex + (e.shiftKey ? -1 : 1));
    }
    if (e.key === 'Escape') setQuery('');
  };
  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < rowHeight * 2;
    if (el.scrollTop < lastTop.current - 2 && !atBottom) setFollow(false);
    else if (atBottom && el.scrollTop > lastTop.current + 2) setFollow(true);
    lastTop.current = el.scrollTop;
  };

  const download = () => {
    const text = lines.map((l) => (sources && l.source !== undefined ? `[${sources[l.source]?.label ?? l.source}] ${l.text}` : l.text)).join('\n');
    const url = URL.createObjectURL(new Blob([`${text}\n`], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = props.downloadName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const items = virtualizer.getVirtualItems();
  const state = props.state;

  return (
    <div className="log-viewer" data-testid={props.testId ?? 'log-viewer'} style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
      <div className="vtable-toolbar" style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
        <input
          className="input"
          type="search"
          placeholder="Search the log"
          aria-label="Search the log"
          data-testid="log-search"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setCurrent(0);
          }}
          onKeyDown={onSearchKey}
          style={{ width: 220 }}
        />
        <button
          className="btn"
          onClick={() => goTo(currentIndex - 1)}
          disabled={!matches.length}
          aria-label="Previous match"
          title="Previous match (Shift+Enter)"
        >
          ↑
        </button>
        <button className="btn" onClick={() => goTo(currentIndex + 1)} disabled={!matches.length} aria-label="Next match" title="Next match (Enter)">
          ↓
        </button>
        {query && (
          <span className="muted small" data-testid="log-match-count">
            {matches.length ? `${currentIndex + 1} / ${matches.length.toLocaleString()}` : 'no match'}
          </span>
        )}
        <label className="small">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} data-testid="log-wrap" /> Wrap
        </label>
        <label className="small">
          <input type="checkbox" checked={times} onChange={(e) => setTimes(e.target.checked)} data-testid="log-times" /> Times
        </label>
        {follow ? (
          <button className="btn" onClick={() => setFollow(false)} data-testid="log-pause" title="Stop scrolling to new lines">
            Pause
          </button>
        ) : (
          <button className="btn" onClick={() => setFollow(true)} data-testid="log-follow" title="Scroll to the newest line and follow">
            Follow ↓
          </button>
        )}
        <button className="btn" onClick={download} disabled={!lines.length} data-testid="log-download">
          Download
        </button>
        <span style={{ flex: 1 }} />
        {state && (
          <span className={`pill ${stateClass[state]}`} data-testid="log-state" data-state={state} title={props.reason}>
            {stateText[state]}
          </span>
        )}
        <span className="muted small" data-testid="log-line-count">
          {lines.length.toLocaleString()} lines
          {props.dropped > 0 && ` · ${props.dropped.toLocaleString()} older lines dropped here`}
          {props.truncated && ' · older lines not kept'}
        </span>
      </div>
      {props.reason && state !== 'following' && <div className="muted small">{props.reason}</div>}
      {(props.skipped ?? 0) > 0 && (
        <div className="small" data-testid="log-skipped" role="status" style={{ color: 'var(--warn)' }}>
          {(props.skipped ?? 0).toLocaleString()} {props.skipped === 1 ? 'line' : 'lines'} skipped while this view was behind. MLDeck&apos;s kept log still has
          them: reopen this view to read the newest kept lines again.
        </div>
      )}
      {props.error && <ErrorNote error={props.error} {...(props.onRetry ? { onRetry: props.onRetry } : {})} />}
      <div
        ref={scrollRef}
        onScroll={onScroll}
        onWheel={(e) => e.deltaY < 0 && setFollow(false)}
        className="mono"
        data-testid="log-lines"
        role="log"
        aria-label="Log lines"
        tabIndex={0}
        style={{
          height: props.height ?? 480,
          overflow: 'auto',
          position: 'relative',
          border: '1px solid var(--border)',
          borderRadius: 4,
          background: 'var(--panel)',
          fontSize: 12,
          lineHeight: `${rowHeight}px`,
        }}
      >
        {lines.length === 0 && !props.error && (
          <div className="muted" style={{ padding: 8 }}>
            {state === 'following' ? 'Waiting for lines…' : 'No lines.'}
          </div>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: '100%', width: wrap ? '100%' : 'max-content' }}>
          {items.map((row) => {
            const line = lines[row.index];
            if (!line) return null;
            let ranges: { start: number; end: number; current: boolean }[] = [];
            if (matches.length) {
              for (let i = firstOnLine(matches, row.index); i < matches.length && (matches[i] as LogMatch).line === row.index; i++) {
                const m = matches[i] as LogMatch;
                ranges.push({ start: m.start, end: m.end, current: i === currentIndex });
              }
            } else ranges = [];
            const pieces = markSegments(parseAnsi(line.text), ranges);
            const source = sources && line.source !== undefined ? sources[line.source] : undefined;
            return (
              <div
                key={row.key}
                data-index={row.index}
                ref={wrap ? virtualizer.measureElement : undefined}
                className="log-line"
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  minWidth: '100%',
                  transform: `translateY(${row.start}px)`,
                  whiteSpace: wrap ? 'pre-wrap' : 'pre',
                  wordBreak: wrap ? 'break-all' : 'normal',
                  padding: '0 6px',
                  minHeight: rowHeight,
                }}
              >
                {times && <span className="muted">{line.time} </span>}
                {source && <span style={{ color: source.color, fontWeight: 600 }}>{source.label} </span>}
                {pieces.map((p, i) =>
                  p.mark === 'none' ? (
                    <span key={i} style={styleCss(p.style)}>
                      {p.text}
                    </span>
                  ) : (
                    <mark
                      key={i}
                      data-current={p.mark === 'current' || undefined}
                      style={{ ...styleCss(p.style), background: p.mark === 'current' ? '#ff922b' : '#ffe066', color: '#111' }}
                    >
                      {p.text}
                    </mark>
                  ),
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
