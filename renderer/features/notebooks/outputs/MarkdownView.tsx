// SPDX-License-Identifier: Apache-2.0
/**
 * Rendered markdown (cells and text/markdown outputs), sanitised by DOMPurify. Link clicks never
 * navigate: an http(s) link, checked by parsing, goes to `onOpenLink`; anything else does nothing.
 */
import { memo, useMemo, type MouseEvent } from 'react';
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

/** Markdown as sanitised HTML. */
export const MarkdownView = memo(function MarkdownView(props: {
  source: string;
  attachments?: Attachments | undefined;
  onOpenLink: (url: string) => void;
  onDoubleClick?: () => void;
  className?: string;
}) {
  const { source, attachments, onOpenLink } = props;
  const html = useMemo(() => markdownToSafeHtml(source, attachments), [source, attachments]);
  return (
    <div
      className={`nb-markdown ${props.className ?? ''}`}
      data-testid="nb-markdown"
      onClick={(e) => interceptLinks(e, onOpenLink)}
      onAuxClick={(e) => interceptLinks(e, onOpenLink)}
      onDragStart={(e) => e.preventDefault()}
      onDoubleClick={props.onDoubleClick}
      // The one place MLDeck sets HTML: markdown sanitised by DOMPurify with the strict
      // allow-list of sanitize.ts (no scripts, handlers, frames, forms; checked links and images).
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
});
