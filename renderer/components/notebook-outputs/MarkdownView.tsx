// SPDX-License-Identifier: Apache-2.0
/**
 * Rendered markdown (cells and text/markdown outputs) and text/latex outputs, sanitised by DOMPurify. Link clicks never
 * navigate: an http(s) link, checked by parsing, goes to `onOpenLink`; anything else does nothing.
 */
import 'katex/dist/katex.min.css';
import { memo, useMemo, type MouseEvent } from 'react';
import { latexToSafeHtml } from './math';
import { markdownToSafeHtml, type Attachments } from './sanitize';
import { externalUrl } from './url-policy';

/** Handles a click or middle click inside rendered content: links open through `onOpenLink` only. */
export function interceptLinks(e: MouseEvent<HTMLElement>, onOpenLink: (url: string) => void): void {
  const a = (e.target as Element).closest?.('a');
  if (!a || !e.currentTarget.contains(a)) return;
  e.preventDefault();
  e.stopPropagation();
  const url = externalUrl(a.getAttribute('href'));
  if (url) onOpenLink(url);
}

/** Markdown (or, with `kind: 'latex'`, a text/latex output) as sanitised HTML. */
export const MarkdownView = memo(function MarkdownView(props: {
  source: string;
  kind?: 'markdown' | 'latex';
  attachments?: Attachments | undefined;
  onOpenLink: (url: string) => void;
  onDoubleClick?: () => void;
  className?: string;
}) {
  const { source, attachments, onOpenLink, kind } = props;
  const html = useMemo(() => (kind === 'latex' ? latexToSafeHtml(source) : markdownToSafeHtml(source, attachments)), [source, attachments, kind]);
  return (
    <div
      className={`nb-markdown ${props.className ?? ''}`}
      data-testid="nb-markdown"
      onClick={(e) => interceptLinks(e, onOpenLink)}
      onAuxClick={(e) => interceptLinks(e, onOpenLink)}
      onDragStart={(e) => e.preventDefault()}
      onDoubleClick={props.onDoubleClick}
      // The one place MLDeck sets HTML: markdown sanitised by DOMPurify with the strict
      // allow-list of sanitize.ts (no scripts, handlers, frames, forms; checked links and images),
      // math rendered by KaTeX and sanitised with math.ts's allow-list.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
});
