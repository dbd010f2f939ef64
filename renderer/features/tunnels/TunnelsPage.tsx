// SPDX-License-Identifier: Apache-2.0
/**
 * The tunnels page: the tunnels open now (target, local address, the link with its token for
 * loopback tunnels, bytes each way, requests and refusals, age, minutes until the idle close),
 * closing one, and the form to open one on the current cluster. A tunnel is never an open port:
 * without its token (or outside the 0700 socket folder) nothing is forwarded.
 */
import { useClusters } from '../../lib/clusters.store';
import { ErrorNote } from '../../components/ErrorNote';
import { age, bytes } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { OpenTunnelForm } from './OpenTunnelForm';
import { idleLeftMinutes, targetText } from './tunnel-model';
import { useTunnels } from './use-tunnels';
import './tunnels.css';

/** The page for the `tunnels` route. */
export function TunnelsPage() {
  const { tunnels, error, open, close, launch } = useTunnels();
  const list = useClusters((s) => s.list);
  const current = list?.currentId;
  const nameOf = (id: string) => list?.clusters.find((c) => c.id === id)?.displayName ?? id;
  const now = useNow();
  return (
    <div className="page tunnels-page" data-testid="tunnels-page">
      <header className="page-head">
        <h1>Tunnels</h1>
      </header>
      <p className="muted">
        A tunnel lets your own browser or tools reach a Service or pod in the cluster (MLflow’s UI, TensorBoard, Jupyter, a MinIO console). A browser tunnel
        listens on 127.0.0.1 and forwards only requests that carry its token: open it with its link. A socket tunnel sits in a folder only you can open.
      </p>
      {error && <ErrorNote error={error} />}
      <table className="table" data-testid="tunnels-table">
        <thead>
          <tr>
            <th>Target</th>
            <th>Cluster</th>
            <th>Local address</th>
            <th className="num">In</th>
            <th className="num">Out</th>
            <th className="num">Requests</th>
            <th className="num">Age</th>
            <th className="num">Idle close</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(tunnels ?? []).map((t) => (
            <tr key={t.id} data-testid="tunnel-row" data-id={t.id}>
              <td>
                {t.label && <div>{t.label}</div>}
                <div className={t.label ? 'muted small' : ''}>{targetText(t)}</div>
              </td>
              <td>{nameOf(t.clusterId)}</td>
              <td>
                <code data-testid="tunnel-address">{t.address}</code>
                {t.url && (
                  <div>
                    <a href={t.url} target="_blank" rel="noreferrer noopener" data-testid="tunnel-link" onClick={(e) => (e.preventDefault(), void launch(t))}>
                      Open in browser
                    </a>{' '}
                    <button className="btn ghost small" onClick={() => void navigator.clipboard.writeText(t.url ?? '')}>
                      Copy link
                    </button>
                  </div>
                )}
              </td>
              <td className="num">{bytes(t.bytesIn)}</td>
              <td className="num">{bytes(t.bytesOut)}</td>
              <td className="num" title={`${t.refused} refused without the token`}>
                {t.requests}
                {t.refused ? <span className="muted small"> ({t.refused} refused)</span> : null}
              </td>
              <td className="num">{age(t.openedAt, now)}</td>
              <td className="num">{idleLeftMinutes(t, now)} min</td>
              <td>
                <button className="btn small" data-testid="tunnel-close" onClick={() => void close(t)}>
                  Close
                </button>
              </td>
            </tr>
          ))}
          {tunnels && tunnels.length === 0 && (
            <tr>
              <td colSpan={9} className="muted">
                No tunnel is open.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <h2>Open a tunnel{current ? ` on ${nameOf(current)}` : ''}</h2>
      {current ? <OpenTunnelForm clusterId={current} onOpen={open} /> : <p className="muted">Choose a cluster first.</p>}
    </div>
  );
}
