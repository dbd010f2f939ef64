// SPDX-License-Identifier: Apache-2.0
/**
 * A version's artifacts as a tree (folders read when opened) with a preview: small text files
 * (MLmodel, requirements.txt, JSON) as text, images from a data: URL, anything else by size with
 * a download. Every file can be downloaded (up to 64 MiB, read by main). The calls are in
 * `use-registry-data.ts` and `use-artifact-download.ts`.
 */
import { useState } from 'react';
import type { ArtifactEntry, ArtifactListing } from '../../../shared/features/registry/registry.contract';
import { ErrorNote } from '../../components/ErrorNote';
import { size } from './registry-format';
import { artifactBaseName as baseName } from './registry-view-model';
import { useArtifactDownload } from './use-artifact-download';
import { useArtifactListing, useArtifactPreview, type VersionRef } from './use-registry-data';

type Ref = VersionRef;

function Folder({
  refv,
  path,
  depth,
  selected,
  onSelect,
}: {
  refv: Ref;
  path: string;
  depth: number;
  selected: string | undefined;
  onSelect: (e: ArtifactEntry) => void;
}) {
  const listing = useArtifactListing(refv, path);
  if (listing.error) return <ErrorNote error={listing.error} onRetry={listing.reload} />;
  if (!listing.value)
    return (
      <div className="muted small" style={{ paddingLeft: depth * 16 }}>
        Loading…
      </div>
    );
  return (
    <ul className="artifact-list">
      {listing.value.entries.length === 0 && (
        <li className="muted small" style={{ paddingLeft: depth * 16 }}>
          (empty)
        </li>
      )}
      {listing.value.entries.map((e) => (
        <Entry key={e.path} refv={refv} entry={e} depth={depth} selected={selected} onSelect={onSelect} />
      ))}
    </ul>
  );
}

function Entry({
  refv,
  entry,
  depth,
  selected,
  onSelect,
}: {
  refv: Ref;
  entry: ArtifactEntry;
  depth: number;
  selected: string | undefined;
  onSelect: (e: ArtifactEntry) => void;
}) {
  const [open, setOpen] = useState(false);
  if (entry.isDir)
    return (
      <li>
        <button
          className="artifact-entry"
          style={{ paddingLeft: depth * 16 }}
          aria-expanded={open}
          data-testid="artifact-dir"
          data-path={entry.path}
          onClick={() => setOpen(!open)}
        >
          {open ? '▾' : '▸'} {baseName(entry.path)}/
        </button>
        {open && <Folder refv={refv} path={entry.path} depth={depth + 1} selected={selected} onSelect={onSelect} />}
      </li>
    );
  return (
    <li>
      <button
        className={`artifact-entry ${selected === entry.path ? 'selected' : ''}`}
        style={{ paddingLeft: depth * 16 + 14 }}
        data-testid="artifact-file"
        data-path={entry.path}
        onClick={() => onSelect(entry)}
      >
        {baseName(entry.path)} <span className="muted small">{size(entry.size)}</span>
      </button>
    </li>
  );
}

function Preview({ refv, entry }: { refv: Ref; entry: ArtifactEntry }) {
  const content = useArtifactPreview(refv, entry.path);
  const { busy, download } = useArtifactDownload(refv, entry.path);
  const c = content.value;
  return (
    <div className="artifact-preview" data-testid="artifact-preview" data-path={entry.path}>
      <div className="registry-actions">
        <strong className="mono">{entry.path}</strong>
        <span className="muted small">{size(c?.size ?? entry.size)}</span>
        <span className="spacer" />
        <button className="btn small" data-testid="artifact-download" disabled={busy} onClick={download}>
          {busy ? 'Downloading…' : 'Download'}
        </button>
      </div>
      {content.error && <ErrorNote error={content.error} onRetry={content.reload} />}
      {!c && !content.error && <div className="muted small">Loading…</div>}
      {c?.kind === 'text' && (
        <>
          <pre className="artifact-text" data-testid="artifact-text">
            {c.text}
          </pre>
          {c.truncated && <p className="muted small">Only the first 512 KiB are shown; download the file for all of it.</p>}
        </>
      )}
      {c?.kind === 'image' && c.base64 && (
        <img className="artifact-image" data-testid="artifact-image" alt={entry.path} src={`data:${c.mediaType};base64,${c.base64}`} />
      )}
      {c?.kind === 'binary' && <p className="muted">A binary file ({c.mediaType}); download it to open it.</p>}
    </div>
  );
}

/** The browser. */
export function ArtifactBrowser({ refv, root }: { refv: Ref; root: ArtifactListing['root'] | undefined }) {
  const [selected, setSelected] = useState<ArtifactEntry | undefined>(undefined);
  return (
    <div className="artifact-browser" data-testid="artifacts">
      <div className="artifact-tree card">
        {root && (
          <div className="muted small mono artifact-root" title={root}>
            {root}
          </div>
        )}
        <Folder refv={refv} path="" depth={0} selected={selected?.path} onSelect={setSelected} />
      </div>
      <div className="card artifact-pane">
        {selected ? <Preview key={selected.path} refv={refv} entry={selected} /> : <p className="muted">Choose a file to see it.</p>}
      </div>
    </div>
  );
}
