// SPDX-License-Identifier: Apache-2.0
/**
 * One bucket of a store: its prefixes as folders (breadcrumbs), up to 100,000 entries of a prefix
 * in a virtualised table with sizes and dates, search by prefix, uploads of files and folders
 * (buttons or drag and drop, each file in parts), downloads of files and of a folder (as a .tar),
 * deletes after a confirmation that lists what goes, and the preview of the chosen file.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { storageContract } from '../../../shared/features/storage/storage.contract';
import { useRouter } from '../../app/router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote } from '../../components/ErrorNote';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { api } from '../../lib/api/api-context';
import { bytes } from '../../lib/format';
import { notify, notifyError } from '../../lib/notify';
import { chosenFiles, droppedFiles, type PickedFile } from './dropped-files';
import { PreviewPane, type PaneTarget } from './PreviewPane';
import { baseName, crumbs, modelFolder, modelFormatOf, s3Uri, type BrowserRow } from './storage-model';
import { useTransfers } from './transfers.store';
import { MAX_ENTRIES, useObjectListing } from './use-object-listing';

type Plan = { keys: string[]; count: number; bytes: number; truncated: boolean; ask: { keys: string[]; prefixes: string[] } };

/** The table's columns, one array for every render: the table sorts its rows again only when they change. */
const browserColumns: Column<BrowserRow>[] = [
  {
    id: 'name',
    title: 'Name',
    text: (r) => r.name,
    sortValue: (r) => `${r.isFolder ? 0 : 1}${r.name}`,
    render: (r) => <span className={r.isFolder ? 'storage-folder' : ''}>{r.name}</span>,
  },
  { id: 'size', title: 'Size', text: (r) => (r.size === undefined ? '' : bytes(r.size)), sortValue: (r) => r.size ?? -1, align: 'right', width: 110 },
  {
    id: 'modified',
    title: 'Modified',
    text: (r) => (r.lastModified ? new Date(r.lastModified).toLocaleString() : ''),
    sortValue: (r) => r.lastModified ?? '',
    width: 200,
  },
];

export function ObjectBrowser({ target, prefix, onPrefix, onBuckets }: { target: PaneTarget; prefix: string; onPrefix(p: string): void; onBuckets(): void }) {
  const { clusterId, connectionId, bucket } = target;
  const [search, setSearch] = useState('');
  const listing = useObjectListing(clusterId, connectionId, bucket, prefix, search);
  const [selected, setSelected] = useState<BrowserRow | undefined>(undefined);
  const [plan, setPlan] = useState<Plan | undefined>(undefined);
  const [dragging, setDragging] = useState(false);
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const transfers = useTransfers();
  const go = useRouter((s) => s.go);
  useEffect(() => {
    setSelected(undefined);
    setSearch('');
  }, [prefix, bucket, connectionId]);
  const tt = { clusterId, connectionId, bucket };
  const upload = (picked: PickedFile[]) => {
    if (picked.length === 0) return;
    for (const p of picked) transfers.upload(tt, `${prefix}${p.path}`, p.file, listing.reload);
  };
  const askDelete = async (keys: string[], prefixes: string[]) => {
    try {
      const p = await api().call(storageContract.deletePlan, { ...tt, keys, prefixes });
      setPlan({ ...p, ask: { keys, prefixes } });
    } catch (e) {
      notifyError(e);
    }
  };
  const model = useMemo(() => modelFolder(listing.rows.filter((r) => !r.isFolder).map((r) => r.name)), [listing.rows]);
  // the deploy form, prefilled with the folder's storageUri and the model format its files say
  const deploy = () => {
    const format = modelFormatOf(listing.rows.filter((r) => !r.isFolder).map((r) => r.name));
    go({ page: 'deploy', clusterId, uri: s3Uri(bucket, prefix), ...(format ? { format } : {}) });
  };
  return (
    <div
      className={`storage-browser${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void droppedFiles(e.dataTransfer).then(upload, notifyError);
      }}
      data-testid="storage-browser"
    >
      <nav className="storage-crumbs" aria-label="Location">
        <button className="btn ghost small" onClick={onBuckets}>
          Buckets
        </button>
        /
        <button className="btn ghost small" onClick={() => onPrefix('')}>
          {bucket}
        </button>
        {crumbs(prefix).map((c) => (
          <span key={c.prefix}>
            /
            <button className="btn ghost small" onClick={() => onPrefix(c.prefix)}>
              {c.name}
            </button>
          </span>
        ))}
      </nav>
      <div className="storage-toolbar row">
        <input
          className="input"
          placeholder="Search by prefix…"
          value={search}
          onChange={(e) => setSearch(e.target.value.replace(/^\/+/, ''))}
          aria-label="Search by prefix"
        />
        <button className="btn small" onClick={() => files.current?.click()}>
          Upload files
        </button>
        <button className="btn small" onClick={() => folder.current?.click()}>
          Upload folder
        </button>
        <input
          ref={files}
          type="file"
          multiple
          hidden
          data-testid="upload-files"
          onChange={(e) => (upload(chosenFiles(e.target.files)), (e.target.value = ''))}
        />
        <input
          ref={folder}
          type="file"
          hidden
          data-testid="upload-folder"
          {...({ webkitdirectory: '' } as Record<string, string>)}
          onChange={(e) => (upload(chosenFiles(e.target.files)), (e.target.value = ''))}
        />
        {prefix && (
          <>
            <button className="btn small" onClick={() => transfers.download(tt, { prefix }, `${baseName(prefix).replace(/\/$/, '')}.tar`)}>
              Download folder
            </button>
            <button className="btn small danger" onClick={() => void askDelete([], [prefix])}>
              Delete folder…
            </button>
            <button
              className="btn ghost small"
              onClick={() => void navigator.clipboard.writeText(s3Uri(bucket, prefix)).then(() => notify('info', 'Copied', s3Uri(bucket, prefix)), notifyError)}
            >
              Copy s3:// URI
            </button>
          </>
        )}
        {model && (
          <button className="btn small primary" onClick={deploy} title={model === 'mlflow' ? 'An MLflow model (MLmodel)' : 'Model files KServe can serve'}>
            Deploy…
          </button>
        )}
        <span className="small muted" data-testid="storage-count">
          {listing.rows.length.toLocaleString()} {listing.rows.length === 1 ? 'entry' : 'entries'}
          {listing.loading ? ', reading…' : ''}
          {listing.capped ? ` (the first ${MAX_ENTRIES.toLocaleString()}; search to narrow)` : ''}
        </span>
      </div>
      {listing.error && <ErrorNote error={listing.error} onRetry={listing.reload} />}
      <div className="storage-body">
        <div className="storage-list">
          <VirtualTable
            rows={listing.rows}
            columns={browserColumns}
            rowKey={(r) => r.key}
            storageKey="storage-objects"
            emptyText={listing.loading ? 'Reading…' : 'Nothing here. Drop files to upload them.'}
            filterPlaceholder="Filter what is listed…"
            label={`Contents of s3://${bucket}/${prefix}`}
            testId="storage-table"
            selectedKey={selected?.key}
            onOpen={(r) => (r.isFolder ? onPrefix(r.key) : setSelected(r))}
          />
        </div>
        {selected && (
          <div className="storage-side">
            <PreviewPane
              target={target}
              row={selected}
              onDownload={() => transfers.download(tt, { key: selected.key }, selected.name)}
              onDeploy={selected.name === 'MLmodel' ? deploy : undefined}
            />
            <button className="btn small danger" onClick={() => void askDelete([selected.key], [])}>
              Delete {selected.name}…
            </button>
          </div>
        )}
      </div>
      {plan && (
        <ConfirmDialog
          title={`Delete ${plan.count.toLocaleString()} object${plan.count === 1 ? '' : 's'} (${bytes(plan.bytes)})?`}
          confirm="Delete"
          danger
          onCancel={() => setPlan(undefined)}
          onConfirm={async () => {
            try {
              const r = await api().call(storageContract.delete, { ...tt, ...plan.ask });
              notify('info', `Deleted ${r.deleted.toLocaleString()} objects`);
              setPlan(undefined);
              setSelected(undefined);
              if (plan.ask.prefixes.includes(prefix)) onPrefix(prefix.replace(/[^/]+\/$/, ''));
              else listing.reload();
            } catch (e) {
              notifyError(e);
            }
          }}
        >
          <ul className="storage-plan" data-testid="delete-plan">
            {plan.keys.map((k) => (
              <li key={k} className="mono small">
                {k}
              </li>
            ))}
          </ul>
          {plan.truncated && <p className="small muted">…and {(plan.count - plan.keys.length).toLocaleString()} more.</p>}
        </ConfirmDialog>
      )}
    </div>
  );
}
