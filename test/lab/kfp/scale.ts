// SPDX-License-Identifier: Apache-2.0
/**
 * `seed --scale N` for Kubeflow Pipelines: N × 2,000 finished runs in lab-a's `baseline`
 * experiment, for the runs-list benchmark. Playing 2,000 Workflows per step would take the
 * machine for an hour, so the rows are copied in the API server's own database from a run the
 * seed made and the real backend finished (new ids, names `scale-000001`…, creation times a
 * minute apart), with their experiment references; the real API server lists, sorts, filters
 * and pages them like any other run.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LabCluster } from '../control-plane.ts';
import { kfpDatabase, sql } from './mariadb.ts';

const perStep = 2000;

/** Copies finished runs until the experiment holds `scale` × 2,000 `scale-*` runs; returns how many it has. */
export async function seedScaleRuns(c: LabCluster, experimentId: string, scale: number): Promise<number> {
  const db = kfpDatabase(c.name);
  if (!/^[0-9a-f-]{36}$/.test(experimentId)) throw new Error(`not an experiment id: ${experimentId}`);
  const exp = `'${experimentId}'`;
  // a run the real backend finished, to copy
  let template = '';
  const deadline = Date.now() + 180_000;
  while (!template) {
    template = sql(
      `SELECT UUID FROM run_details WHERE ExperimentUUID = ${exp} AND State = 'SUCCEEDED' AND DisplayName NOT LIKE 'scale-%' ORDER BY CreatedAtInSec LIMIT 1`,
      db,
    ).trim();
    if (template) break;
    if (Date.now() > deadline) throw new Error(`seed --scale: no run of experiment ${experimentId} on ${c.name} finished within 180 s`);
    await sleep(2000);
  }
  const target = scale * perStep;
  const have = Number(sql(`SELECT COUNT(*) FROM run_details WHERE ExperimentUUID = ${exp} AND DisplayName LIKE 'scale-%'`, db).trim());
  for (let from = have + 1; from <= target; from += perStep) {
    const to = Math.min(target, from + perStep - 1);
    sql(
      `INSERT INTO run_details (UUID, DisplayName, Name, Description, Namespace, ExperimentUUID, JobUUID, StorageState, ServiceAccount, PipelineId,
        PipelineVersionId, PipelineName, PipelineSpecManifest, WorkflowSpecManifest, Parameters, RuntimeParameters, PipelineRoot, CreatedAtInSec,
        ScheduledAtInSec, FinishedAtInSec, Conditions, State, StateHistory, PluginsInput, PluginsOutput, PipelineRuntimeManifest, WorkflowRuntimeManifest,
        PipelineContextId, PipelineRunContextId)
      SELECT UUID(), CONCAT('scale-', LPAD(s.seq, 6, '0')), CONCAT('scale-', LPAD(s.seq, 6, '0')), t.Description, t.Namespace, t.ExperimentUUID, t.JobUUID,
        t.StorageState, t.ServiceAccount, t.PipelineId, t.PipelineVersionId, t.PipelineName, t.PipelineSpecManifest, t.WorkflowSpecManifest, t.Parameters,
        t.RuntimeParameters, t.PipelineRoot, t.CreatedAtInSec - s.seq * 60, t.ScheduledAtInSec - s.seq * 60, t.FinishedAtInSec - s.seq * 60, t.Conditions,
        t.State, t.StateHistory, t.PluginsInput, t.PluginsOutput, t.PipelineRuntimeManifest, '', t.PipelineContextId, t.PipelineRunContextId
      FROM run_details t JOIN seq_${from}_to_${to} s WHERE t.UUID = '${template}';
      INSERT INTO resource_references (ResourceUUID, ResourceType, ReferenceUUID, ReferenceName, ReferenceType, Relationship, Payload)
      SELECT r.UUID, x.ResourceType, x.ReferenceUUID, x.ReferenceName, x.ReferenceType, x.Relationship, REPLACE(x.Payload, '${template}', r.UUID)
      FROM run_details r JOIN resource_references x ON x.ResourceUUID = '${template}' AND x.ResourceType = 'Run'
      WHERE r.ExperimentUUID = ${exp} AND r.DisplayName LIKE 'scale-%'
        AND NOT EXISTS (SELECT 1 FROM resource_references y WHERE y.ResourceUUID = r.UUID AND y.ResourceType = 'Run')`,
      db,
    );
  }
  return Number(sql(`SELECT COUNT(*) FROM run_details WHERE ExperimentUUID = ${exp} AND DisplayName LIKE 'scale-%'`, db).trim());
}
