// SPDX-License-Identifier: Apache-2.0
/**
 * S3 access for the storage initializer: run the predictor as an existing ServiceAccount (those
 * listing a Secret with KServe's S3 annotations first), or, when the user agrees, create a Secret
 * with the typed keys and KServe's annotations (endpoint, https, region, SSL verification) and a
 * ServiceAccount listing it. The keys stay in the deploy page's memory until sent to main once;
 * they are never kept in the draft.
 */
import { AppError } from '../../../shared/errors';
import { ErrorNote } from '../../components/ErrorNote';
import { Field } from '../../components/form/Field';
import type { S3Choice, S3Keys } from './deploy-model';
import { useServiceAccounts } from './use-serving-calls';

/** The fields. */
export function S3AccessFields(props: {
  clusterId: string;
  namespace: string;
  choice: S3Choice;
  keys: S3Keys;
  problems: Record<string, string[]>;
  onChange(c: S3Choice): void;
  onKeys(k: S3Keys): void;
  /** Why creating a Secret/ServiceAccount is not allowed, if it is not. */
  createBlocked: string | undefined;
}) {
  const { choice: c, onChange } = props;
  const { accounts, reload } = useServiceAccounts(props.clusterId, props.namespace);

  const list = accounts && !(accounts instanceof AppError) ? accounts.accounts : [];
  const set = (p: Partial<S3Choice>) => onChange({ ...c, ...p });
  return (
    <fieldset className="sv-section" data-testid="s3-access">
      <legend>S3 access for the storage initializer</legend>
      <div className="sv-row" role="radiogroup" aria-label="S3 access">
        <label className="sv-check">
          <input
            type="radio"
            name="s3-mode"
            checked={c.mode === 'existing'}
            onChange={() => set({ mode: 'existing', serviceAccountName: list[0]?.name ?? '' })}
          />
          Run as a service account of {props.namespace}
        </label>
        <label className="sv-check">
          <input
            type="radio"
            name="s3-mode"
            data-testid="s3-create"
            checked={c.mode === 'create'}
            onChange={() =>
              set({ mode: 'create', serviceAccountName: c.serviceAccountName || 'kserve-s3', secretName: c.secretName || 'kserve-s3-credentials' })
            }
          />
          Create a Secret and a service account
        </label>
        <label className="sv-check">
          <input type="radio" name="s3-mode" data-testid="s3-none" checked={c.mode === 'none'} onChange={() => set({ mode: 'none' })} />
          None (public bucket, or credentials set up cluster-wide)
        </label>
      </div>
      {accounts instanceof AppError && <ErrorNote error={accounts} onRetry={reload} />}
      {c.mode === 'existing' && (
        <Field label="Service account" field="s3.serviceAccountName" problems={props.problems}>
          {(id) => (
            <select
              id={id}
              className="input"
              data-testid="s3-service-account"
              value={c.serviceAccountName}
              onChange={(e) => set({ serviceAccountName: e.target.value })}
            >
              <option value="">(choose)</option>
              {list.map((a) => (
                <option key={a.name} value={a.name}>
                  {a.name}
                  {a.s3Secrets.length ? ` — S3: ${a.s3Secrets.map((x) => `${x.name}${x.endpoint ? ` @ ${x.endpoint}` : ''}`).join(', ')}` : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {c.mode === 'existing' && accounts && !(accounts instanceof AppError) && !accounts.secretsReadable && (
        <div className="muted small">Your account may not list Secrets here, so MLDeck cannot tell which service accounts carry S3 credentials.</div>
      )}
      {c.mode === 'create' && (
        <>
          {props.createBlocked && (
            <div className="note forbidden" role="status">
              {props.createBlocked}
            </div>
          )}
          <div className="sv-grid4">
            <Field label="Service account" field="s3.serviceAccountName" problems={props.problems}>
              {(id) => (
                <input
                  id={id}
                  className="input"
                  value={c.serviceAccountName}
                  spellCheck={false}
                  onChange={(e) => set({ serviceAccountName: e.target.value })}
                />
              )}
            </Field>
            <Field label="Secret" field="s3.secretName" problems={props.problems}>
              {(id) => <input id={id} className="input" value={c.secretName} spellCheck={false} onChange={(e) => set({ secretName: e.target.value })} />}
            </Field>
            <Field label="S3 endpoint (host:port)" field="s3.endpoint" problems={props.problems}>
              {(id) => (
                <input
                  id={id}
                  className="input"
                  data-testid="s3-endpoint"
                  value={c.endpoint}
                  placeholder="s3.amazonaws.com"
                  spellCheck={false}
                  onChange={(e) => set({ endpoint: e.target.value })}
                />
              )}
            </Field>
            <Field label="Region" field="s3.region" problems={props.problems}>
              {(id) => (
                <input
                  id={id}
                  className="input"
                  value={c.region}
                  placeholder="us-east-1"
                  spellCheck={false}
                  onChange={(e) => set({ region: e.target.value })}
                />
              )}
            </Field>
            <Field label="Access key id" field="s3.accessKeyId" problems={props.problems}>
              {(id) => (
                <input
                  id={id}
                  className="input"
                  data-testid="s3-access-key"
                  autoComplete="off"
                  spellCheck={false}
                  value={props.keys.accessKeyId}
                  onChange={(e) => props.onKeys({ ...props.keys, accessKeyId: e.target.value })}
                />
              )}
            </Field>
            <Field label="Secret access key" field="s3.secretAccessKey" problems={props.problems}>
              {(id) => (
                <input
                  id={id}
                  className="input"
                  type="password"
                  data-testid="s3-secret-key"
                  autoComplete="off"
                  value={props.keys.secretAccessKey}
                  onChange={(e) => props.onKeys({ ...props.keys, secretAccessKey: e.target.value })}
                />
              )}
            </Field>
          </div>
          <div className="sv-row">
            <label className="sv-check">
              <input type="checkbox" checked={c.useHttps} onChange={(e) => set({ useHttps: e.target.checked })} /> HTTPS (s3-usehttps)
            </label>
            <label className="sv-check">
              <input type="checkbox" checked={c.verifySsl} onChange={(e) => set({ verifySsl: e.target.checked })} /> Verify the certificate (s3-verifyssl)
            </label>
          </div>
          <div className="muted small">
            On Deploy, MLDeck creates Secret <code>{c.secretName || '…'}</code> with these keys and KServe’s <code>serving.kserve.io/s3-*</code> annotations,
            and service account <code>{c.serviceAccountName || '…'}</code> listing it, in {props.namespace}. The keys are sent once and never shown again; they
            are not kept in the draft.
          </div>
        </>
      )}
    </fieldset>
  );
}
