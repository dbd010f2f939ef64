// SPDX-License-Identifier: Apache-2.0
/**
 * The builder's toolbar: the pipeline's name, new, undo/redo, delete, copy/paste, wrap the selection
 * in If / ParallelFor / an exit handler, move it into a frame or out of one, open an IR file, export the IR YAML, upload to the cluster.
 * The drafts of the cluster open in a dialog.
 */
import { useState } from 'react';
import { AppError } from '../../../shared/errors';
import { emptyGraph } from '../../../shared/kfp/graph-edit';
import type { Route } from '../../app/router';
import { useBuilder, useGraph } from './builder.store';
import { DraftsDialog } from './DraftsDialog';
import { MoveDialog } from './MoveDialog';
import { UploadToClusterDialog } from './UploadToClusterDialog';
import { useBuilderIo } from './use-builder-io';
import { WrapDialog, type WrapKind } from './WrapDialog';

const namePattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function BuilderToolbar({ route }: { route: Extract<Route, { page: 'builder' }> }) {
  const graph = useGraph();
  const s = useBuilder();
  const io = useBuilderIo();
  const [wrap, setWrap] = useState<WrapKind | undefined>(undefined);
  const [uploading, setUploading] = useState(false);
  const [drafts, setDrafts] = useState(false);
  const [moving, setMoving] = useState(false);
  const rename = (name: string) =>
    s.edit((g) => {
      if (!namePattern.test(name)) throw new AppError('validation', `"${name}" is not a valid pipeline name (lowercase letters, digits and -)`);
      return { ...g, info: { ...g.info, name } };
    });
  const none = s.selection.length === 0;
  return (
    <div className="page-head builder-toolbar" role="toolbar" aria-label="Builder">
      <h2>Pipeline builder</h2>
      <input
        className="input builder-name"
        key={graph.info.name}
        defaultValue={graph.info.name}
        aria-label="Pipeline name"
        data-testid="builder-name"
        onBlur={(e) => e.target.value !== graph.info.name && rename(e.target.value.trim())}
        onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
      />
      <button className="btn" onClick={() => s.load(emptyGraph('my-pipeline'))} title="Start an empty pipeline" data-testid="builder-new">
        New
      </button>
      <button className="btn" onClick={s.undo} disabled={s.history.past.length === 0} title="Undo (Ctrl+Z)" data-testid="builder-undo">
        Undo
      </button>
      <button className="btn" onClick={s.redo} disabled={s.history.future.length === 0} title="Redo (Ctrl+Shift+Z)" data-testid="builder-redo">
        Redo
      </button>
      <button className="btn" onClick={s.deleteSelection} disabled={none && s.selectedEdges.length === 0} title="Delete (Del)">
        Delete
      </button>
      <button className="btn" onClick={s.copy} disabled={none} title="Copy (Ctrl+C)">
        Copy
      </button>
      <button className="btn" onClick={s.paste} disabled={s.clipboard.length === 0} title="Paste (Ctrl+V)">
        Paste
      </button>
      <button className="btn" onClick={() => setWrap('if')} disabled={none} data-testid="wrap-if">
        If…
      </button>
      <button className="btn" onClick={() => setWrap('loop')} disabled={none} data-testid="wrap-loop">
        ParallelFor…
      </button>
      <button className="btn" onClick={() => setWrap('exit')} disabled={none} data-testid="wrap-exit-handler">
        Exit handler…
      </button>
      <button className="btn" onClick={() => setMoving(true)} disabled={none} data-testid="move-into" title="Move the selection into a frame, or out of one">
        Move into…
      </button>
      <span className="spacer" />
      <button className="btn" onClick={() => setDrafts(true)} data-testid="builder-drafts-open">
        Drafts…
      </button>
      <label className="btn builder-file">
        Open YAML…
        <input
          type="file"
          accept=".yaml,.yml,.json"
          data-testid="builder-open-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void io.openFile(f);
            e.target.value = '';
          }}
        />
      </label>
      <button className="btn" onClick={io.download} data-testid="builder-export">
        Export YAML
      </button>
      <button className="btn primary" onClick={() => setUploading(true)} data-testid="builder-upload">
        Upload…
      </button>
      {wrap && <WrapDialog kind={wrap} onClose={() => setWrap(undefined)} />}
      {moving && <MoveDialog onClose={() => setMoving(false)} />}
      {drafts && <DraftsDialog clusterId={route.clusterId} onClose={() => setDrafts(false)} />}
      {uploading && <UploadToClusterDialog clusterId={route.clusterId} onClose={() => setUploading(false)} />}
    </div>
  );
}
