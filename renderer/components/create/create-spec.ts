// SPDX-License-Identifier: Apache-2.0
/**
 * What a create page tells the shared create flow: how its form, draft, checks and manifest work
 * and how the cluster is asked (dry run, create). Jobs, notebook servers and deploy give one each;
 * so do the next forms (Katib experiment, pipeline run, recurring run).
 */
import type { FieldProblem, SubmitResult } from '../../../shared/kube/field-problem';
import type { KubeObject } from '../../../shared/kube/object';
import type { DraftKind } from './draft-store';
import type { FormCheck, Placement, ServerProblem } from './problem-placement';
import type { FormCodec } from './yaml-sync';

/** The cluster refused: its problems by field and its message. */
export interface Rejected<P extends ServerProblem> {
  rejected: { problems: P[]; message: string };
}

/** What the cluster said to a send: refused, or done with a result. */
export type Outcome<P extends ServerProblem, C> = Rejected<P> | { done: C };

/** A kube `submit` call's answer (the stored or dry-run object, or the server's problems) as the flow reads it. */
export function submitOutcome(r: SubmitResult): Outcome<FieldProblem, KubeObject> {
  return r.problems ? { rejected: { problems: r.problems, message: r.message } } : { done: r.object };
}

/** One create page's part of the flow. */
export interface CreateSpec<F, M, P extends ServerProblem, C, X extends object = Record<never, never>> extends FormCodec<F, M>, Placement<F, P> {
  draft: DraftKind<F, X>;
  draftKey: string;
  /** The form to start from when there is no draft; undefined while it is being prepared. */
  fresh: F | undefined;
  /** The extra part of a fresh draft. */
  freshExtra: X;
  /** The form's own checks (required fields, formats); they stop a submit. */
  checks(form: F, extra: X): FormCheck[];
  /** false: the form's checks do not apply to what is typed in the YAML tab (it is sent as typed). */
  checksOnYaml?: boolean;
  /** The schema check of the YAML tab, if the cluster offers one for this kind. */
  schemaCheck?(manifest: M): Promise<P[]>;
  /** A problem's path in the YAML document (default: its field). */
  editorPath?(problem: P, yaml: string): string;
  /** The server-side dry run (including anything sent alongside). */
  dryRun(manifest: M, form: F, extra: X): Promise<Outcome<P, unknown>>;
  /** Creates it (the flow has dry-run it just before). */
  create(manifest: M, form: F, extra: X): Promise<Outcome<P, C>>;
  /** After the create: say so and follow the object (open its page). */
  created(result: C, form: F): void;
  /** Called when the user discards the draft (to forget what the page keeps beside it). */
  discarded?(): void;
  /** What the dry run's success notification says is accepted, e.g. `this job`. */
  acceptedNoun: string;
}
