// SPDX-License-Identifier: Apache-2.0
/**
 * The cluster's builder drafts (kept by main): each with its pipeline name, where it started (a new
 * pipeline or a version of the cluster), its tasks and when it was saved; open one (the builder's
 * route for it) or discard it after a confirm.
 */
import { useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import { builderDraftsContract, type DraftSummary } from '../../../shared/features/builder/builder-drafts.contract';
import { useRouter } from '../../app/router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote } from '../../components/ErrorNote';
import { api } from '../../lib/api/api-context';
import { useCall } from '../../lib/use-call';
import { draftOwner, savedText } from './builder-draft';
import { useBuilder } from './builder.store';

const startText = (d: DraftSummary) => (d.ref.versionId ? `version ${d.ref.versionId.slice(0, 8)}` : 'new pipeline');

export function DraftsDialog({ clusterId, onClose }: { clusterId: string; onClose(): void }) {
  const go = useRouter((s) => s.go);
  const owner = useBuilder((s) => s.owner);
  const list = useCall(`drafts:${clusterId}`, () => api().call(builderDraftsContract.list, { clusterId }));
  const [discarding, setDiscarding] = useState<DraftSummary | undefined>(undefined);
  const [failed, setFailed] = useState<AppError | undefined>(undefined);
  const now = Date.now();
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label="Drafts" onClick={(e) => e.stopPropagation()} data-testid="builder-drafts">
        <h3>Drafts on this cluster</h3>
        <div className="dialog-body">
          {list.error && <ErrorNote error={list.error} onRetry={list.reload} />}
          {failed && <ErrorNote error={failed} />}
          {list.value?.length === 0 && <p className="muted">No drafts. The pipeline you build is kept here as you work.</p>}
          <table className="table">
            <tbody>
              {list.value?.map((d) => {
                const current = draftOwner(d.ref) === owner;
                return (
                  <tr key={draftOwner(d.ref)} data-testid="builder-draft" data-name={d.name}>
                    <td>
                      <strong>{d.name}</strong> {current && <span className="muted small">(open)</span>}
                    </td>
                    <td className="muted small">{startText(d)}</td>
                    <td className="muted small">{d.tasks} tasks</td>
                    <td className="muted small">{savedText(d.savedAt, now)}</td>
                    <td>
                      <button
                        className="btn"
                        disabled={current}
                        onClick={() => {
                          go({
                            page: 'builder',
                            clusterId,
                            ...(d.ref.pipelineId && d.ref.versionId ? { pipelineId: d.ref.pipelineId, versionId: d.ref.versionId } : {}),
                          });
                          onClose();
                        }}
                      >
                        Open
                      </button>{' '}
                      <button className="btn danger" onClick={() => setDiscarding(d)} data-testid="builder-draft-discard">
                        Discard
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <div className="dialog-buttons">
          <button className="btn" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      {discarding && (
        <ConfirmDialog
          title={`Discard the draft "${discarding.name}"?`}
          confirm="Discard"
          danger
          onConfirm={async () => {
            try {
              await api().call(builderDraftsContract.discard, discarding.ref);
              setFailed(undefined);
            } catch (e) {
              setFailed(asAppError(e));
            }
            setDiscarding(undefined);
            list.reload();
          }}
          onCancel={() => setDiscarding(undefined)}
        >
          {draftOwner(discarding.ref) === owner
            ? 'It is the pipeline on the canvas: the canvas keeps it, and your next edit keeps it again.'
            : 'Its tasks and settings are gone for good.'}
        </ConfirmDialog>
      )}
    </div>
  );
}
