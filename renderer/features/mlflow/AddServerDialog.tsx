// SPDX-License-Identifier: Apache-2.0
/**
 * Add a tracking server by URL (one that belongs to no cluster): URL, optional name, sign-in
 * (none, user name and password, or a token; the secret goes to main and is never read back).
 * Main checks the server answers MLflow's API before saving it; why it did not (nothing answered,
 * credentials asked for or refused, not MLflow) is shown here as the app shows errors.
 */
import { useState } from 'react';
import type { TrackingServer } from '../../../shared/features/mlflow/tracking-types';
import { ErrorNote } from '../../components/ErrorNote';
import { Field } from '../../components/form/Field';
import { SelectField, TextField } from '../../components/form/inputs';
import { SecretStorageNote } from '../../components/SecretStorageNote';
import { emptyServerDraft, serverProblems, serverRequest, type ServerDraft } from './add-server-model';
import { useServerChange } from './use-mlflow';

const authOptions = [
  { value: 'none', label: 'None' },
  { value: 'basic', label: 'User name and password (basic)' },
  { value: 'bearer', label: 'Token (bearer)' },
];

/** The dialog; `onAdded` gets the server as main saved it. */
export function AddServerDialog(props: { onAdded(server: TrackingServer): void; onCancel(): void }) {
  const [draft, setDraft] = useState<ServerDraft>(emptyServerDraft);
  const [tried, setTried] = useState(false);
  const change = useServerChange();
  const set = (p: Partial<ServerDraft>) => setDraft((d) => ({ ...d, ...p }));
  const problems = serverProblems(draft);
  // problems show once the user has tried to add (a fresh dialog is not a page of red)
  const shown = tried ? problems : {};
  const add = async () => {
    setTried(true);
    if (Object.keys(problems).length > 0) return;
    const done = await change.add(serverRequest(draft));
    if (done) props.onAdded(done.value);
  };
  return (
    <div className="dialog-backdrop" onClick={() => !change.busy && props.onCancel()}>
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Add a tracking server"
        data-testid="add-server-dialog"
        onClick={(e) => e.stopPropagation()}
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <h3>Add a tracking server</h3>
        <div className="dialog-body">
          <TextField
            label="URL"
            field="url"
            problems={shown}
            testId="add-server-url"
            placeholder="https://mlflow.example.com"
            hint="Where MLflow serves /api/2.0; MLDeck checks it answers before saving it."
            value={draft.url}
            onChange={(url) => set({ url })}
          />
          <TextField label="Name (optional)" field="name" problems={shown} testId="add-server-name" value={draft.name} onChange={(name) => set({ name })} />
          <SelectField
            label="Sign-in"
            field="auth"
            problems={shown}
            testId="add-server-auth"
            value={draft.auth}
            options={authOptions}
            onChange={(auth) => set({ auth: auth as ServerDraft['auth'] })}
          />
          {draft.auth === 'basic' && (
            <>
              <TextField
                label="User name"
                field="username"
                problems={shown}
                testId="add-server-username"
                value={draft.username}
                onChange={(username) => set({ username })}
              />
              <Field label="Password" field="password" problems={shown}>
                {(id, invalid) => (
                  <input
                    id={id}
                    className="input"
                    type="password"
                    autoComplete="off"
                    data-testid="add-server-password"
                    aria-invalid={invalid}
                    value={draft.password}
                    onChange={(e) => set({ password: e.target.value })}
                  />
                )}
              </Field>
            </>
          )}
          {draft.auth === 'bearer' && (
            <Field label="Token" field="token" problems={shown}>
              {(id, invalid) => (
                <input
                  id={id}
                  className="input"
                  type="password"
                  autoComplete="off"
                  data-testid="add-server-token"
                  aria-invalid={invalid}
                  value={draft.token}
                  onChange={(e) => set({ token: e.target.value })}
                />
              )}
            </Field>
          )}
          {draft.auth !== 'none' && <SecretStorageNote />}
          {change.error && (
            <div data-testid="add-server-error">
              <ErrorNote error={change.error} />
            </div>
          )}
        </div>
        <div className="dialog-buttons">
          <button type="button" className="btn" onClick={props.onCancel} disabled={change.busy}>
            Cancel
          </button>
          <button type="submit" className="btn primary" data-testid="add-server-confirm" disabled={change.busy}>
            {change.busy ? 'Checking…' : 'Add'}
          </button>
        </div>
      </form>
    </div>
  );
}
