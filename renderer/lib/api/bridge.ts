// SPDX-License-Identifier: Apache-2.0
/** The object the Electron preload exposes as `window.mldeck`. */
import type { Result } from '../../../shared/ipc/result';

/** The preload's bridge: one invoke and one subscribe, both checked against the contract ids. */
export interface MldeckBridge {
  invoke(id: string, payload: unknown): Promise<Result<unknown>>;
  subscribe(id: string, cb: (ev: unknown) => void): () => void;
}

declare global {
  interface Window {
    mldeck?: MldeckBridge;
  }
}
