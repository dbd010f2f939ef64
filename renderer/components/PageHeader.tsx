// SPDX-License-Identifier: Apache-2.0
/**
 * The one page header: an optional back button, the title on one line, what the page shows
 * beside it (subtitle, scope pickers sized to their content, pills), and the page's actions
 * aligned at the right. Every page header uses it or its CSS (`.page-head` in app.css), so titles
 * never wrap beside a picker and actions line up across pages.
 */
import type { ReactNode } from 'react';

/** The header. `children` sit beside the title; `actions` at the right. */
export function PageHeader(props: {
  title: ReactNode;
  /** The back button to the page's list ("← Jobs", labelled "Back to training jobs"). */
  back?: { label: string; text: string; onClick(): void } | undefined;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="page-head">
      {props.back && (
        <button className="btn ghost" onClick={props.back.onClick} aria-label={props.back.label}>
          {props.back.text}
        </button>
      )}
      <h1>{props.title}</h1>
      {props.children}
      {props.actions && <div className="page-actions">{props.actions}</div>}
    </header>
  );
}
