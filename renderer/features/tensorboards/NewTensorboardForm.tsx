// SPDX-License-Identifier: Apache-2.0
/** The form that makes a TensorBoard from a log directory (`s3://…` or `pvc://…`). */
import { useState } from 'react';
import { LogsPath, type CreateRequest } from '../../../shared/features/tensorboards/tensorboards.contract';
import { ErrorNote } from '../../components/ErrorNote';
import { useAction } from '../../lib/use-action';
import { suggestName } from './tensorboards-model';

/** The form; `initialLogsPath` (with the namespace and `madeFrom`) comes from a run or job that links here. */
export function NewTensorboardForm(props: {
  clusterId: string;
  initialLogsPath?: string;
  initialNamespace?: string;
  madeFrom?: string;
  onCreate(req: CreateRequest): Promise<void>;
}) {
  const [namespace, setNamespace] = useState(props.initialNamespace ?? '');
  const [logsPath, setLogsPath] = useState(props.initialLogsPath ?? '');
  const [name, setName] = useState(props.initialLogsPath ? suggestName(props.initialLogsPath) : '');
  const { busy, error, run } = useAction();
  const pathProblem = logsPath && !LogsPath.safeParse(logsPath).success ? 'Give s3://<bucket>/<prefix> or pvc://<claim>/<path inside it>.' : '';
  const submit = async () => {
    const from = props.madeFrom && logsPath.trim() === props.initialLogsPath ? { madeFrom: props.madeFrom } : {};
    const done = await run(() =>
      props.onCreate({ clusterId: props.clusterId, namespace: namespace.trim(), name: name.trim(), logsPath: logsPath.trim(), ...from }),
    );
    if (!done) return;
    setName('');
    setLogsPath('');
  };
  return (
    <form
      className="tb-form"
      data-testid="tensorboard-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        Log directory
        <input
          className="input"
          data-testid="tensorboard-logs"
          placeholder="pvc://<claim>/runs or s3://<bucket>/<prefix>"
          value={logsPath}
          onChange={(e) => {
            setLogsPath(e.target.value);
            if (!name) setName(suggestName(e.target.value));
          }}
          required
        />
        {pathProblem && <span className="field-problem small">{pathProblem}</span>}
      </label>
      <label>
        Namespace
        <input className="input" data-testid="tensorboard-namespace" value={namespace} onChange={(e) => setNamespace(e.target.value)} required />
      </label>
      <label>
        Name
        <input className="input" data-testid="tensorboard-name" value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <button className="btn primary" type="submit" data-testid="tensorboard-create" disabled={busy || !!pathProblem}>
        {busy ? 'Creating…' : 'Create TensorBoard'}
      </button>
      {error && <ErrorNote error={error} />}
    </form>
  );
}
