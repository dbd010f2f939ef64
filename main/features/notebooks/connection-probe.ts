// SPDX-License-Identifier: Apache-2.0
/**
 * Reaching a Jupyter server the first time: which base path answers, whether the token is taken,
 * its version and kernel specs. The meaning of each answer is pure ({@link decideProbe}).
 */
import { isAppError } from '../../../shared/errors';
import type { ConnectionVia, KernelSpecInfo } from '../../../shared/features/notebooks/notebooks.contract';
import { JupyterClient, type JupyterEndpoint } from './jupyter-client';

/** The port-forward a connection uses (closing it makes the next connect open a new one). */
export interface Forward {
  dispose(): void;
}

/** What one attempt to reach a server gave. */
export type Outcome =
  | {
      state: 'connected';
      client: JupyterClient;
      pf: Forward | undefined;
      version: string | undefined;
      specs: KernelSpecInfo[];
      defaultKernel: string | undefined;
    }
  | { state: 'needs-token' | 'offline'; reason: string; retry: boolean; via: ConnectionVia | undefined };

/**
 * What a probe's answer means: `ok`; `next` (not here: try the next base path); or the state to
 * report (401/403: a token is needed, or the one sent was refused).
 * @param status - the HTTP status of `GET <base>api/status`
 * @param sentToken - a token was sent
 * @param tokenGiven - the user just gave it (else it was the kept one)
 */
export function decideProbe(status: number, sentToken: boolean, tokenGiven: boolean): 'ok' | 'next' | { state: 'needs-token' | 'offline'; reason: string } {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 404) return 'next';
  if (status === 401 || status === 403) {
    if (!sentToken) return { state: 'needs-token', reason: 'Jupyter asks for a token: give the token of this notebook server.' };
    return {
      state: 'needs-token',
      reason: tokenGiven ? 'Jupyter refused the token.' : 'Jupyter refused the token kept for this server; give the current one.',
    };
  }
  return { state: 'offline', reason: `The notebook server answered HTTP ${status}.` };
}

export interface KernelSpecsModel {
  default?: string;
  kernelspecs?: Record<string, { name?: string; spec?: { display_name?: string; language?: string } }>;
}

/** The kernel specs of `GET api/kernelspecs`. */
export function kernelSpecsOf(m: KernelSpecsModel): { specs: KernelSpecInfo[]; defaultKernel: string | undefined } {
  const specs = Object.entries(m.kernelspecs ?? {}).map(([name, s]) => ({
    name: s.name ?? name,
    displayName: s.spec?.display_name ?? name,
    language: s.spec?.language ?? '',
  }));
  specs.sort((a, b) => a.displayName.localeCompare(b.displayName));
  return { specs, defaultKernel: m.default && specs.some((s) => s.name === m.default) ? m.default : specs[0]?.name };
}

/** Finds the base path that answers, checks the token, reads the version and kernel specs. */
export async function probeEndpoints(candidates: JupyterEndpoint[], pf: Forward | undefined, tokenGiven: boolean): Promise<Outcome> {
  const via = candidates[0]?.via;
  for (const endpoint of candidates) {
    const client = new JupyterClient(endpoint);
    let status: number;
    try {
      status = (await client.raw('api/status', { timeoutMs: 15_000 })).status;
    } catch (e) {
      if (!isAppError(e)) throw e;
      return { state: 'offline', reason: e.message, retry: true, via };
    }
    const decided = decideProbe(status, !!endpoint.token, tokenGiven);
    if (decided === 'next') continue;
    if (decided !== 'ok') return { ...decided, via, retry: false };
    try {
      const version = (await client.json<{ version?: string }>('api', 'Read the Jupyter version')).version;
      const specs = await client.json<KernelSpecsModel>('api/kernelspecs', 'List the kernels');
      return { state: 'connected', client, pf, version, ...kernelSpecsOf(specs) };
    } catch (e) {
      if (!isAppError(e)) throw e;
      return { state: 'offline', reason: e.message, retry: true, via };
    }
  }
  return { state: 'offline', reason: 'No Jupyter server answered at the notebook path or at /.', retry: true, via };
}
