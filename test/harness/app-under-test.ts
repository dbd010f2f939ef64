// SPDX-License-Identifier: Apache-2.0
/**
 * MLDeck's real services behind the renderer's real client, joined in one process by an
 * in-memory transport: only the Electron/WebSocket hop is replaced. Each instance has its
 * own data directory and kubeconfig environment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Topic } from '../../shared/ipc/define';
import type { Transport } from '../../shared/ipc/transport';
import { createServices, type Services } from '../../main/app/create-services';
import { createApiClient, type ApiClient } from '../../renderer/lib/api/client';

/** A running app without a window. */
export interface AppUnderTest {
  api: ApiClient;
  services: Services;
  dataDir: string;
  /** Every event published, by topic id. */
  events: Map<string, unknown[]>;
  close(): void;
}

/**
 * Starts the services.
 * @param kubeconfig - what KUBECONFIG is set to while the services read it (undefined: unset)
 */
export async function startApp(
  kubeconfig: string | undefined,
  opts: { appRoot?: string; dataDir?: string; /** Added to the environment the services read (proxies). */ env?: Record<string, string> } = {},
): Promise<AppUnderTest> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'mldeck-test-'));
  const events = new Map<string, unknown[]>();
  const listeners = new Map<string, Set<(e: unknown) => void>>();
  const deliver = <Ev>(t: Topic<Ev>, ev: Ev) => {
    events.set(t.id, [...(events.get(t.id) ?? []), ev]);
    for (const l of listeners.get(t.id) ?? []) l(ev);
  };
  const env = { ...process.env, ...opts.env };
  if (kubeconfig === undefined) delete env.KUBECONFIG;
  else env.KUBECONFIG = kubeconfig;
  const services: Services = await createServices({
    env,
    dataDir,
    host: 'browser',
    version: 'test',
    ...(opts.appRoot ? { appRoot: opts.appRoot } : {}),
    publisher: {
      publish: deliver,
      // one client in this harness: per-client events go to it
      publishTo: <Ev>(_client: string, t: Topic<Ev>, ev: Ev) => deliver(t, ev),
    },
    openExternal: async () => false,
    secretBox: undefined,
  });
  const transport: Transport = {
    invoke: (id, payload) => services.dispatcher.dispatch(id, JSON.parse(JSON.stringify(payload ?? null)), { clientId: 'test' }),
    subscribe(topic, l) {
      const set = listeners.get(topic) ?? new Set();
      set.add(l);
      listeners.set(topic, set);
      return () => set.delete(l);
    },
  };
  return {
    api: createApiClient(transport),
    services,
    dataDir,
    events,
    close() {
      services.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
