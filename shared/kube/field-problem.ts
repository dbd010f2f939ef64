// SPDX-License-Identifier: Apache-2.0
/** An objection of the API server (or a form) to one field of an object, as every create form shows it. */
import type { KubeObject } from './object';

/** One problem with a field. */
export interface FieldProblem {
  /** The field path as the API server writes it (`spec.pytorchReplicaSpecs.Worker.replicas`); empty when the whole object is meant. */
  field: string;
  message: string;
}

/** The stored (or dry-run) object, or the server's objections by field. */
export type SubmitResult = { object: KubeObject; problems?: undefined } | { problems: FieldProblem[]; message: string; object?: undefined };
