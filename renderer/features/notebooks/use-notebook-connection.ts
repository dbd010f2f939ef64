// SPDX-License-Identifier: Apache-2.0
/**
 * The connection to one notebook server, as a hook: connects on mount (main reuses a live
 * connection), follows `notebooks:connection` events, and lets the user give Jupyter's token when
 * the server asks for one. The token goes to main and is never kept in the renderer.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import { notebooksContract, type ConnectionInfo, type ServerRef } from '../../../shared/features/notebooks/notebooks.contract';
import { api } from '../../lib/api/api-context';

const retryMs = 10_000;

/** Same server? */
export function sameServer(a: ServerRef, b: ServerRef): boolean {
  return a.clusterId === b.clusterId && a.namespace === b.namespace && a.name === b.name;
}

/** What the hook gives a page. */
export interface NotebookConnection {
  /** undefined while the first connect runs. */
  info: ConnectionInfo | undefined;
  /** A failure of the connect call itself (not a state such as offline). */
  error: AppError | undefined;
  connecting: boolean;
  /** Connects again, with a token when given. */
  connect(token?: string): Promise<void>;
}

/**
 * Connects to `server` and follows its state.
 * @param server - the notebook server
 */
export function useNotebookConnection(server: ServerRef): NotebookConnection {
  const [info, setInfo] = useState<ConnectionInfo | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const [connecting, setConnecting] = useState(false);
  const serverRef = useRef(server);
  serverRef.current = server;
  const key = `${server.clusterId}\n${server.namespace}\n${server.name}`;

  const connect = useCallback(async (token?: string) => {
    setConnecting(true);
    setError(undefined);
    try {
      const req = token ? { server: serverRef.current, token } : { server: serverRef.current };
      setInfo(await api().call(notebooksContract.connect, req));
    } catch (e) {
      setError(asAppError(e));
    } finally {
      setConnecting(false);
    }
  }, []);

  useEffect(() => {
    setInfo(undefined);
    void connect();
    return api().on(notebooksContract.connection, (ev) => {
      if (!sameServer(ev.server, serverRef.current)) return;
      setInfo((prev) => {
        const next: ConnectionInfo = { ...(prev ?? { kernelSpecs: [] }), state: ev.state };
        if (ev.via) next.via = ev.via;
        if (ev.reason) next.reason = ev.reason;
        else delete next.reason;
        return next;
      });
    });
  }, [key, connect]);

  // offline: try again every 10 s, quietly, so the page goes live when the server is back
  const offline = info?.state === 'offline' || info?.state === 'disconnected' || error?.code === 'unavailable' || error?.code === 'timeout';
  useEffect(() => {
    if (!offline) return;
    const t = setInterval(() => {
      const req = { server: serverRef.current };
      api()
        .call(notebooksContract.connect, req)
        .then((i) => {
          setInfo(i);
          setError(undefined);
        })
        .catch(() => undefined /* still down: the banner already says so */);
    }, retryMs);
    return () => clearInterval(t);
  }, [offline, key]);

  return { info, error, connecting, connect };
}
