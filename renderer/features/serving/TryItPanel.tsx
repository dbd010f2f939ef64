// SPDX-License-Identifier: Apache-2.0
/**
 * Try it: a test request to the service's model server in the V1 (`/v1/models/<name>:predict`,
 * `{instances}`) or V2 Open Inference Protocol (`/v2/models/<name>/infer`, `{inputs}`) format,
 * edited as JSON in Monaco (templates with the iris example), sent through a port-forward to a
 * ready predictor pod (of a chosen revision, or one picked by the traffic split) or to the
 * service URL; the answer's status, pretty JSON body and latency are shown.
 */
import { useMemo, useState } from 'react';
import { inferenceBodyProblem, inferencePathProblem, prettyBody, requestTemplate, type InferenceProtocol } from '../../../shared/serving/inference-request';
import type { IsvcSummary } from '../../../shared/serving/isvc-summary';
import { trafficByRevision } from '../../../shared/serving/isvc-summary';
import { ErrorNote } from '../../components/ErrorNote';
import { YamlEditor } from '../../components/YamlEditor';
import { usePredict } from './use-serving-calls';

/** The panel. */
export function TryItPanel(props: { clusterId: string; summary: IsvcSummary; readOnly: boolean }) {
  const { summary: s } = props;
  const initial = requestTemplate(s.protocolVersion === 'v2' ? 'v2' : 'v1', s.name);
  const [protocol, setProtocol] = useState<InferenceProtocol>(initial.protocol);
  const [path, setPath] = useState(initial.path);
  const [body, setBody] = useState(initial.body);
  const [via, setVia] = useState<'port-forward' | 'url'>('port-forward');
  const [revision, setRevision] = useState('');
  const { busy, answer, error, send: predict } = usePredict();

  const revisions = useMemo(() => {
    const names = new Set<string>(trafficByRevision(s.traffic).map((t) => t.revision));
    if (s.latestReadyRevision) names.add(s.latestReadyRevision);
    return [...names].sort();
  }, [s.traffic, s.latestReadyRevision]);

  const pathProblem = inferencePathProblem(path);
  const bodyProblem = /(:predict|:explain|\/infer)$/.test(path) ? inferenceBodyProblem(protocol, body) : undefined;

  const applyTemplate = (p: InferenceProtocol) => {
    const t = requestTemplate(p, s.name);
    setProtocol(p);
    setPath(t.path);
    setBody(t.body);
  };

  const send = () =>
    predict({
      clusterId: props.clusterId,
      namespace: s.namespace,
      name: s.name,
      protocol,
      path,
      body,
      via,
      ...(revision && via === 'port-forward' ? { revision } : {}),
    });

  const ok = answer && answer.status >= 200 && answer.status < 300;
  return (
    <section className="card" data-testid="try-it">
      <div className="sv-row">
        <span className="muted">Template</span>
        <button className={`btn ${protocol === 'v1' ? 'primary' : ''}`} data-testid="template-v1" onClick={() => applyTemplate('v1')}>
          V1 predict
        </button>
        <button className={`btn ${protocol === 'v2' ? 'primary' : ''}`} data-testid="template-v2" onClick={() => applyTemplate('v2')}>
          V2 infer (Open Inference Protocol)
        </button>
        <span className="spacer" />
        <label className="sv-check">
          <span className="muted">Send</span>
          <select
            className="input"
            aria-label="Send through"
            data-testid="try-via"
            value={via}
            onChange={(e) => setVia(e.target.value as 'port-forward' | 'url')}
          >
            <option value="port-forward">through a port-forward to a predictor pod</option>
            <option value="url" disabled={!s.url && !s.internalUrl}>
              to the service URL {s.url ? `(${s.url})` : '(none yet)'}
            </option>
          </select>
        </label>
        {via === 'port-forward' && (
          <select className="input" aria-label="Revision" data-testid="try-revision" value={revision} onChange={(e) => setRevision(e.target.value)}>
            <option value="">revision picked by the traffic split</option>
            {revisions.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        )}
      </div>
      <div className="sv-row">
        <span className="pill neutral">POST</span>
        <input
          className="input mono"
          style={{ flex: 1, minWidth: 240 }}
          aria-label="Request path"
          data-testid="try-path"
          value={path}
          spellCheck={false}
          onChange={(e) => setPath(e.target.value)}
        />
        <button className="btn primary" data-testid="try-send" disabled={busy || !!pathProblem || !!bodyProblem || props.readOnly} onClick={() => void send()}>
          {busy ? 'Sending…' : 'Send'}
        </button>
      </div>
      {(pathProblem || bodyProblem) && (
        <div className="field-problems" role="alert">
          {pathProblem ?? bodyProblem}
        </div>
      )}
      <div className="muted small">
        The lab’s model server serves models named <code>iris</code> and <code>iris-v2</code>; change the name in the path if yours is called otherwise.
      </div>
      <div className="sv-two">
        <div className="sv-json">
          <div className="muted small">Request body (JSON)</div>
          <YamlEditor value={body} onChange={setBody} problems={[]} testId="try-body" ariaLabel="Request body (JSON)" />
        </div>
        <div>
          <div className="muted small">Response</div>
          {error && <ErrorNote error={error} />}
          {!answer && !error && <p className="muted">Send a request to see the model server’s answer.</p>}
          {answer && (
            <div data-testid="try-answer" data-status={answer.status}>
              <div className="sv-row">
                <span className={`pill ${ok ? 'ok' : 'error'}`} data-testid="try-status">
                  HTTP {answer.status}
                </span>
                <span data-testid="try-latency">{answer.latencyMs} ms</span>
                <span className="muted small">{answer.target}</span>
              </div>
              <pre className="sv-response mono" data-testid="try-response">
                {prettyBody(answer.body)}
              </pre>
              {answer.truncated && <div className="muted small">The answer was longer than 2 MiB and is cut.</div>}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
