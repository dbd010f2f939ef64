// SPDX-License-Identifier: Apache-2.0
/** The form that opens a tunnel to a Service or pod port of the current cluster. */
import { useState } from 'react';
import type { OpenTunnelRequest, TunnelInfo } from '../../../shared/features/tunnels/tunnels.contract';
import { ErrorNote } from '../../components/ErrorNote';
import { useAction } from '../../lib/use-action';

/** The form; `onOpen` opens the tunnel (errors are shown under the form). */
export function OpenTunnelForm({ clusterId, onOpen }: { clusterId: string; onOpen(req: OpenTunnelRequest): Promise<TunnelInfo> }) {
  const [namespace, setNamespace] = useState('');
  const [kind, setKind] = useState<'service' | 'pod'>('service');
  const [name, setName] = useState('');
  const [port, setPort] = useState('');
  const [listen, setListen] = useState<'loopback' | 'unix'>('loopback');
  const [idle, setIdle] = useState('30');
  const { busy, error, run } = useAction();
  const submit = async () => {
    const done = await run(() =>
      onOpen({ clusterId, namespace: namespace.trim(), target: { kind, name: name.trim(), port: Number(port) }, listen, idleMinutes: Number(idle) }),
    );
    if (!done) return;
    setName('');
    setPort('');
  };
  return (
    <form
      className="tunnel-form"
      data-testid="tunnel-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        Namespace
        <input className="input" data-testid="tunnel-namespace" value={namespace} onChange={(e) => setNamespace(e.target.value)} required />
      </label>
      <label>
        To
        <select className="input" data-testid="tunnel-kind" value={kind} onChange={(e) => setKind(e.target.value as 'service' | 'pod')}>
          <option value="service">Service</option>
          <option value="pod">Pod</option>
        </select>
      </label>
      <label>
        Name
        <input className="input" data-testid="tunnel-name" value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        Port
        <input
          className="input"
          data-testid="tunnel-port"
          inputMode="numeric"
          value={port}
          onChange={(e) => setPort(e.target.value)}
          required
          pattern="[0-9]{1,5}"
        />
      </label>
      <label>
        Listen on
        <select className="input" data-testid="tunnel-listen" value={listen} onChange={(e) => setListen(e.target.value as 'loopback' | 'unix')}>
          <option value="loopback">127.0.0.1 with a token (browser)</option>
          <option value="unix">a Unix socket (tools)</option>
        </select>
      </label>
      <label>
        Close after idle (minutes)
        <input className="input" data-testid="tunnel-idle" inputMode="numeric" value={idle} onChange={(e) => setIdle(e.target.value)} pattern="[0-9]{1,4}" />
      </label>
      <button className="btn primary" type="submit" data-testid="tunnel-open" disabled={busy}>
        {busy ? 'Opening…' : 'Open tunnel'}
      </button>
      {error && <ErrorNote error={error} />}
    </form>
  );
}
