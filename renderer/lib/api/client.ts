// SPDX-License-Identifier: Apache-2.0
/** The renderer's one typed client over whichever transport the host provides. */
import { AppError } from '../../../shared/errors';
import type { Rpc, Topic } from '../../../shared/ipc/define';
import type { Transport } from '../../../shared/ipc/transport';

/** Typed calls and subscriptions. */
export interface ApiClient {
  /** Makes a call; rejects with an {@link AppError} when main answers with an error. */
  call<Req, Res>(rpc: Rpc<Req, Res>, req: Req): Promise<Res>;
  /** Subscribes to a topic; returns the unsubscribe function. */
  on<Ev>(topic: Topic<Ev>, cb: (ev: Ev) => void): () => void;
}

/** Builds the client over a transport. */
export function createApiClient(transport: Transport): ApiClient {
  return {
    async call<Req, Res>(rpc: Rpc<Req, Res>, req: Req): Promise<Res> {
      const r = await transport.invoke(rpc.id, req);
      if (!r.ok) throw AppError.fromData(r.error);
      return r.value as Res;
    },
    on<Ev>(t: Topic<Ev>, cb: (ev: Ev) => void) {
      return transport.subscribe(t.id, cb as (e: unknown) => void);
    },
  };
}
