// SPDX-License-Identifier: Apache-2.0
/**
 * "TensorBoard…" on a training job's page and a KFP run's page: the log directories found in
 * what the job or run runs (`shared/features/tensorboards/log-dirs.ts`: `--logdir`, `--log_dir`,
 * `TENSORBOARD_LOG_DIR`, a KFP task's `tensorboard` output artifact, looked up in the run's
 * pipeline root when clicked) open the TensorBoards page's create form prefilled with the log
 * directory (as `s3://…` or `pvc://…`), the namespace and where it came from (the TensorBoard's
 * row links back). Several found: the user picks one; none usable: the button says why.
 */
import { useState } from 'react';
import type { KubeObject } from '../../shared/kube/object';
import type { RunDetail } from '../../shared/features/pipelines/run-details.contract';
import { runArtifactsContract } from '../../shared/features/pipelines/run-artifacts.contract';
import { asLogsPath, isTensorboardOutput, jobLogDirs, kfpSpecLogDirs, type LogDirFound, type LogDirs } from '../../shared/features/tensorboards/log-dirs';
import { useRouter, type RouteKind } from '../app/router';
import { api } from '../lib/api/api-context';
import { notifyError } from '../lib/notify';

/** The button and its chooser. */
function TensorboardButton(props: { clusterId: string; namespace: string; from: string; dirs: LogDirs; more?: () => Promise<LogDirFound[]> }) {
  const go = useRouter((s) => s.go);
  const [choices, setChoices] = useState<LogDirFound[]>();
  const [busy, setBusy] = useState(false);
  const open = (d: LogDirFound) => go({ page: 'tensorboards', clusterId: props.clusterId, logs: d.logsPath, ns: props.namespace, from: props.from });
  const missed = props.dirs.missed.map((m) => `${m.where} ${m.value}: ${m.why}`).join('\n');
  const none = props.dirs.found.length === 0 && !props.more;
  const title = none
    ? `No log directory found in its arguments or environment (--logdir, --log_dir, TENSORBOARD_LOG_DIR)${missed ? `; not usable:\n${missed}` : ''}`
    : 'Make a TensorBoard of its log directory';
  const click = async () => {
    let found = props.dirs.found;
    if (props.more) {
      setBusy(true);
      try {
        const extra = await props.more();
        found = [...found, ...extra.filter((e) => !found.some((f) => f.logsPath === e.logsPath))];
      } catch (e) {
        notifyError(e);
      } finally {
        setBusy(false);
      }
    }
    if (found.length === 1 && found[0]) open(found[0]);
    else setChoices(found);
  };
  return (
    <span className="tb-from">
      <button className="btn" data-testid="tensorboard-from" disabled={none || busy} title={title} onClick={() => void click()}>
        {busy ? 'Looking for logs…' : 'TensorBoard…'}
      </button>
      {choices && (
        <span className="tb-choices" role="group" aria-label="Log directories" data-testid="tensorboard-choices">
          {choices.length === 0 && <span className="muted small">No log directory found{missed ? ` (not usable: ${missed})` : ''}.</span>}
          {choices.map((c) => (
            <button key={c.logsPath} className="btn small" title={c.where} data-testid="tensorboard-choice" onClick={() => open(c)}>
              {c.logsPath}
            </button>
          ))}
          <button className="btn ghost small" onClick={() => setChoices(undefined)}>
            Cancel
          </button>
        </span>
      )}
    </span>
  );
}

/** "TensorBoard…" for a training job. */
export function TensorboardFromJob({ clusterId, kind, job }: { clusterId: string; kind: RouteKind; job: KubeObject }) {
  const ns = job.metadata.namespace ?? '';
  const from = `job:${kind.group}/${kind.version}/${kind.resource}/${ns}/${job.metadata.name}`;
  return <TensorboardButton clusterId={clusterId} namespace={ns} from={from} dirs={jobLogDirs(job)} />;
}

type Ir = {
  root?: { dag?: { tasks?: Record<string, { componentRef?: { name?: string } }> } };
  components?: Record<string, { outputDefinitions?: { artifacts?: Record<string, unknown> } }>;
};

/** The run's top-level tasks whose component has an output named like `tensorboard`. */
function tensorboardTasks(spec: unknown): { task: string; outputs: string[] }[] {
  const ir = (Array.isArray(spec) ? spec[0] : spec) as Ir | undefined;
  return Object.entries(ir?.root?.dag?.tasks ?? {})
    .map(([task, t]) => ({
      task,
      outputs: Object.keys(ir?.components?.[t.componentRef?.name ?? '']?.outputDefinitions?.artifacts ?? {}).filter(isTensorboardOutput),
    }))
    .filter((t) => t.outputs.length > 0);
}

/** "TensorBoard…" for a KFP run. */
export function TensorboardFromRun({ run }: { run: RunDetail }) {
  const tasks = tensorboardTasks(run.spec);
  const more = tasks.length
    ? async () => {
        const found: LogDirFound[] = [];
        for (const t of tasks) {
          const a = await api().call(runArtifactsContract.list, { clusterId: run.clusterId, runId: run.runId, graphId: t.task, iterations: [] });
          for (const art of a.artifacts.filter((x) => x.io === 'output' && t.outputs.includes(x.name) && x.uri)) {
            const p = asLogsPath(art.uri);
            if ('logsPath' in p) found.push({ logsPath: p.logsPath, where: `task ${t.task}: output ${art.name}` });
          }
        }
        return found;
      }
    : undefined;
  return <TensorboardButton clusterId={run.clusterId} namespace={run.namespace} from={`run:${run.runId}`} dirs={kfpSpecLogDirs(run.spec)} more={more} />;
}
