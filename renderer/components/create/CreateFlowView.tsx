// SPDX-License-Identifier: Apache-2.0
/**
 * The body every create page shows once it has a form: the draft notes, the toolbar (the page's
 * pickers, Validate, Create with the reason it is not available, Discard draft), the dry run's
 * verdict, the problems the form has no field for, and the Form ⇄ YAML tabs (the YAML editor with
 * the schema check's and the server's markers). The page gives the form body and the words.
 */
import type { ReactNode } from 'react';
import type { AppError } from '../../../shared/errors';
import { ActionButton, allowed } from '../ActionButton';
import { ErrorNote } from '../ErrorNote';
import { YamlEditor, type EditorProblem } from '../YamlEditor';
import type { CreateTab } from './draft-store';
import type { ServerProblem } from './problem-placement';
import type { Busy } from './use-create-flow';

/** The part of the flow (`useCreateFlow`) the view reads. */
export interface FlowView<P extends ServerProblem> {
  tab: CreateTab;
  yaml: string | undefined;
  yamlError: string | undefined;
  restoredAt: number | undefined;
  touched: boolean;
  saveFailed: boolean;
  busy: Busy;
  passed: boolean;
  placed: { other: P[] };
  checks: readonly unknown[];
  serverProblems: readonly P[];
  serverMessage: string | undefined;
  schema: { error: string | undefined };
  hasSchemaCheck: boolean;
  editorProblems: EditorProblem[];
  onYaml(text: string): void;
  openTab(t: CreateTab): void;
  submit(create: boolean): Promise<void>;
  discard(): void;
}

/** The words of one page. */
export interface CreateWords {
  /** What is created, in the verdicts: `job`, `server`, `InferenceService`. */
  noun: string;
  /** What the dry run accepted, if more than the noun: `server and its volumes`. */
  acceptedNoun?: string;
  /** The submit button: `Create` / `Creating…`; `Deploy` / `Deploying…`. */
  submit: string;
  submitting: string;
  /** The validate button (default `Validate`). */
  validate?: string;
  /** The submit button's title when it is available. */
  submitTitle: string;
}

/** The draft's notes: restored from when, or not saved. */
function DraftNotes({ restoredAt, saveFailed }: { restoredAt: number | undefined; saveFailed: boolean }) {
  return (
    <>
      {restoredAt !== undefined && restoredAt > 0 && (
        <div className="note stale" role="status" data-testid="draft-restored">
          Your draft from {new Date(restoredAt).toLocaleString()} was restored.
        </div>
      )}
      {saveFailed && (
        <div className="note error" role="alert">
          The draft could not be saved in this browser (storage is full); copy the YAML to keep it.
        </div>
      )}
    </>
  );
}

/** The problems the form has no field for (or the form's own checks failed). */
function ProblemsNote<P extends ServerProblem>(props: { flow: FlowView<P>; noun: string; whereOf: ((p: P) => string | undefined) | undefined }) {
  const { flow } = props;
  const other = flow.placed.other;
  if (!flow.serverMessage && other.length === 0 && flow.checks.length === 0) return null;
  return (
    <div className="note error" role="alert" data-testid="create-problems">
      <strong>{flow.serverMessage ? `The cluster rejected the ${props.noun}` : 'Some fields need attention'}</strong>
      {flow.serverMessage && other.length === 0 && flow.serverProblems.length > 0 && (
        <div className="muted small">Each problem is shown next to its field.</div>
      )}
      {other.length > 0 && (
        <ul className="problem-list">
          {other.map((p, i) => {
            const where = props.whereOf?.(p);
            return (
              <li key={i}>
                {where && <strong>{where}: </strong>}
                {p.field && <code>{p.field}</code>} {p.message}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** The YAML tab: the editor, its parse error, and (with a schema check) the problems found. */
function YamlPane<P extends ServerProblem>(props: { flow: FlowView<P>; editor: { testId: string; ariaLabel: string; before?: ReactNode; after?: ReactNode } }) {
  const { flow, editor } = props;
  return (
    <div className="create-yaml">
      {flow.yamlError && (
        <div className="note error" role="alert">
          {flow.yamlError}
        </div>
      )}
      {flow.schema.error && <div className="note stale">The schema check is not available: {flow.schema.error}</div>}
      {editor.before}
      <YamlEditor value={flow.yaml ?? ''} onChange={flow.onYaml} problems={flow.editorProblems} testId={editor.testId} ariaLabel={editor.ariaLabel} />
      {flow.hasSchemaCheck && (
        <div className="create-schema-status small" data-testid="yaml-problems" role="status">
          {flow.editorProblems.length === 0 ? (
            <span className="muted">No problems found against the cluster’s schema.</span>
          ) : (
            <ul className="problem-list">
              {flow.editorProblems.map((p, i) => (
                <li key={i}>
                  {p.path && <code>{p.path}</code>} {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {editor.after}
    </div>
  );
}

/** The view (see the file comment). */
export function CreateFlowView<P extends ServerProblem>(props: {
  flow: FlowView<P>;
  words: CreateWords;
  /** The pickers left of the buttons (kind, cluster, namespace). */
  pickers: ReactNode;
  /** Why the submit is not available, said in a note and the button's title. */
  blocked?: string | undefined;
  /** Why the submit is not available when the page says it elsewhere (only the title carries it). */
  held?: string | undefined;
  /** The RBAC check failed (said, not guessed). */
  permissionError?: AppError | undefined;
  /** The label before a problem the form has no field for (which object it is about). */
  whereOf?: (p: P) => string | undefined;
  editor: { testId: string; ariaLabel: string; before?: ReactNode; after?: ReactNode };
  /** The form tab's body. */
  children: ReactNode;
}) {
  const { flow, words } = props;
  const busy = flow.busy !== undefined;
  const reason = props.blocked ?? props.held;
  return (
    <>
      <DraftNotes restoredAt={flow.restoredAt} saveFailed={flow.saveFailed} />
      <div className="create-toolbar">
        {props.pickers}
        <div className="create-actions">
          <button className="btn" onClick={() => void flow.submit(false)} disabled={busy} data-testid="create-validate">
            {flow.busy === 'validate' ? 'Validating…' : (words.validate ?? 'Validate')}
          </button>
          <ActionButton
            label={flow.busy === 'create' ? words.submitting : words.submit}
            className="primary"
            testId="create-submit"
            permission={reason !== undefined ? { allowed: false, reason } : allowed}
            busy={busy}
            title={words.submitTitle}
            explain={false}
            onClick={() => void flow.submit(true)}
          />
          <button
            className="btn ghost danger"
            onClick={flow.discard}
            disabled={!flow.touched && flow.restoredAt === undefined}
            title="Forget this draft and start again"
          >
            Discard draft
          </button>
        </div>
      </div>
      {props.blocked && (
        <div className="note forbidden" role="status" data-testid="create-forbidden">
          <strong>{words.submit} is not available: </strong>
          {props.blocked}
        </div>
      )}
      {props.permissionError && <ErrorNote error={props.permissionError} />}
      {flow.passed && (
        <div className="note create-ok" role="status" data-testid="dry-run-ok">
          The server-side dry run passed: the cluster accepts this {words.acceptedNoun ?? words.noun} as it is.
        </div>
      )}
      <ProblemsNote flow={flow} noun={words.noun} whereOf={props.whereOf} />
      <div className="tabs create-tabs" role="tablist">
        <button role="tab" className={`tab ${flow.tab === 'form' ? 'active' : ''}`} aria-selected={flow.tab === 'form'} onClick={() => flow.openTab('form')}>
          Form
        </button>
        <button
          role="tab"
          className={`tab ${flow.tab === 'yaml' ? 'active' : ''}`}
          aria-selected={flow.tab === 'yaml'}
          data-testid="tab-yaml"
          onClick={() => flow.openTab('yaml')}
        >
          YAML
        </button>
      </div>
      {flow.tab === 'form' ? props.children : <YamlPane flow={flow} editor={props.editor} />}
    </>
  );
}
