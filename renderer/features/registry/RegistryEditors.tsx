// SPDX-License-Identifier: Apache-2.0
/**
 * Editors for what MLflow lets a user change on a model or a version: the description, tags and
 * aliases. Each change goes to MLflow through main and hands back the model as it is after; a
 * failure is shown beside the editor and what was typed stays. The calls are `useRegistryEdits`'s.
 */
import { useState } from 'react';
import type { ModelDetail, Tag } from '../../../shared/features/registry/registry.contract';
import { ErrorNote } from '../../components/ErrorNote';
import { aliasButtonText, aliasProblem } from './registry-view-model';
import { useRegistryEdits, type EditTarget as Target } from './use-registry-edits';

/** A description shown as text, edited in a text area. */
export function DescriptionEditor({
  target,
  text,
  readOnly,
  onChanged,
}: {
  target: Target;
  text: string;
  readOnly: boolean;
  onChanged: (d: ModelDetail) => void;
}) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const { busy, error, setDescription } = useRegistryEdits(onChanged);
  if (draft === undefined)
    return (
      <div className="registry-description" data-testid="description">
        {text ? <p className="pre-line">{text}</p> : <p className="muted">No description.</p>}
        {!readOnly && (
          <button className="btn small" data-testid="description-edit" onClick={() => setDraft(text)}>
            Edit description
          </button>
        )}
      </div>
    );
  return (
    <div className="registry-description" data-testid="description">
      <textarea className="input" rows={4} data-testid="description-input" value={draft} onChange={(e) => setDraft(e.target.value)} />
      {error && <ErrorNote error={error} />}
      <div className="registry-actions">
        <button
          className="btn primary"
          data-testid="description-save"
          disabled={busy}
          onClick={() => void setDescription(target, draft).then((ok) => ok && setDraft(undefined))}
        >
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button className="btn" disabled={busy} onClick={() => setDraft(undefined)}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** Tags as `key = value` chips with remove buttons, and a form to add or change one. */
export function TagsEditor({ target, tags, readOnly, onChanged }: { target: Target; tags: Tag[]; readOnly: boolean; onChanged: (d: ModelDetail) => void }) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const { busy, error, setTag, deleteTag } = useRegistryEdits(onChanged);
  return (
    <div className="registry-tags" data-testid="tags">
      <div className="chips">
        {tags.length === 0 && <span className="muted small">No tags.</span>}
        {tags.map((t) => (
          <span key={t.key} className="chip" data-testid="tag" data-key={t.key}>
            <span className="mono">{t.key}</span> = {t.value}
            {!readOnly && (
              <button className="chip-remove" aria-label={`Remove tag ${t.key}`} disabled={busy} onClick={() => void deleteTag(target, t.key)}>
                ×
              </button>
            )}
          </span>
        ))}
      </div>
      {!readOnly && (
        <form
          className="registry-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void setTag(target, key.trim(), value).then((ok) => {
              if (!ok) return;
              setKey('');
              setValue('');
            });
          }}
        >
          <input className="input" data-testid="tag-key" placeholder="key" value={key} onChange={(e) => setKey(e.target.value)} />
          <input className="input" data-testid="tag-value" placeholder="value" value={value} onChange={(e) => setValue(e.target.value)} />
          <button className="btn" type="submit" data-testid="tag-add" disabled={busy || key.trim() === ''}>
            Set tag
          </button>
        </form>
      )}
      {error && <ErrorNote error={error} />}
    </div>
  );
}

/**
 * A model's aliases as `@alias → vN` chips with remove buttons, and a form to point an alias
 * (new or existing: it moves) at a version.
 */
export function AliasesEditor(props: {
  clusterId: string;
  name: string;
  aliases: { alias: string; version: string }[];
  versions: string[];
  /** The version the form proposes (a version page proposes itself). */
  defaultVersion?: string | undefined;
  readOnly: boolean;
  onChanged: (d: ModelDetail) => void;
}) {
  const [alias, setAlias] = useState('');
  const [version, setVersion] = useState(props.defaultVersion ?? props.versions[0] ?? '');
  const { busy, error, setAlias: pointAlias, deleteAlias } = useRegistryEdits(props.onChanged);
  const model = { clusterId: props.clusterId, name: props.name };
  const problem = aliasProblem(alias);
  const current = props.aliases.find((a) => a.alias === alias.trim());
  return (
    <div className="registry-aliases" data-testid="aliases">
      <div className="chips">
        {props.aliases.length === 0 && <span className="muted small">No aliases.</span>}
        {props.aliases.map((a) => (
          <span key={a.alias} className="chip alias" data-testid="alias" data-alias={a.alias} data-version={a.version}>
            @{a.alias} → v{a.version}
            {!props.readOnly && (
              <button
                className="chip-remove"
                aria-label={`Remove alias ${a.alias}`}
                data-testid={`alias-remove-${a.alias}`}
                disabled={busy}
                onClick={() => void deleteAlias(model, a.alias)}
              >
                ×
              </button>
            )}
          </span>
        ))}
      </div>
      {!props.readOnly && (
        <form
          className="registry-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const a = alias.trim();
            void pointAlias(model, a, version).then((ok) => ok && setAlias(''));
          }}
        >
          <input
            className="input"
            data-testid="alias-name"
            placeholder="alias, e.g. champion"
            list="registry-alias-names"
            value={alias}
            onChange={(e) => setAlias(e.target.value)}
          />
          <datalist id="registry-alias-names">
            {props.aliases.map((a) => (
              <option key={a.alias} value={a.alias} />
            ))}
          </datalist>
          <select className="input" aria-label="Version" data-testid="alias-version" value={version} onChange={(e) => setVersion(e.target.value)}>
            {props.versions.map((v) => (
              <option key={v} value={v}>
                version {v}
              </option>
            ))}
          </select>
          <button
            className="btn"
            type="submit"
            data-testid="alias-set"
            disabled={busy || alias.trim() === '' || !!problem || version === '' || current?.version === version}
          >
            {aliasButtonText(current, version)}
          </button>
        </form>
      )}
      {problem && <span className="error-text small">{problem}</span>}
      {error && <ErrorNote error={error} />}
    </div>
  );
}
