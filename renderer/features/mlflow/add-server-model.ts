// SPDX-License-Identifier: Apache-2.0
/**
 * The add-a-tracking-server form as pure rules: the draft, its problems by field (the URL's shape
 * as the contract checks it, the sign-in fields the chosen auth needs), and the request it sends.
 * Main parses the URL again and checks the server answers MLflow's API before saving it.
 */
import { AddServerRequest } from '../../../shared/features/mlflow/mlflow.contract';
import type { FieldProblems } from '../../components/form/Field';

/** What the dialog holds. */
export interface ServerDraft {
  url: string;
  name: string;
  auth: 'none' | 'basic' | 'bearer';
  username: string;
  password: string;
  token: string;
}

/** An empty draft. */
export const emptyServerDraft: ServerDraft = { url: '', name: '', auth: 'none', username: '', password: '', token: '' };

/** The request a draft sends (only the secret its auth uses). */
export function serverRequest(d: ServerDraft): AddServerRequest {
  const auth: AddServerRequest['auth'] =
    d.auth === 'basic'
      ? { kind: 'basic', username: d.username.trim(), password: d.password }
      : d.auth === 'bearer'
        ? { kind: 'bearer', token: d.token.trim() }
        : { kind: 'none' };
  return { url: d.url.trim(), name: d.name.trim(), auth };
}

/** The draft's problems by field (`url`, `name`, `username`, `password`, `token`); empty when it can be sent. */
export function serverProblems(d: ServerDraft): FieldProblems {
  const parsed = AddServerRequest.safeParse(serverRequest(d));
  if (parsed.success) return {};
  const out: FieldProblems = {};
  for (const issue of parsed.error.issues) {
    const top = String(issue.path[0] ?? 'url');
    const field = top === 'auth' ? String(issue.path[1] ?? 'auth') : top;
    const message = field === 'url' && d.url.trim() === '' ? 'Enter the URL of the tracking server' : issue.message;
    (out[field] ??= []).push(message);
  }
  return out;
}
