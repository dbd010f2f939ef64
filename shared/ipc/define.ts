// SPDX-License-Identifier: Apache-2.0
/**
 * The two kinds of contract entry: a call (request → response) and a push topic.
 * Each carries its types, so the renderer's client and main's handlers are checked
 * against one declaration.
 */
import type { ZodType } from 'zod';

/** A call from the renderer to main. `_res` exists only for typing. */
export interface Rpc<Req, Res> {
  readonly kind: 'rpc';
  readonly id: string;
  readonly request: ZodType<Req>;
  readonly _res?: Res;
}

/** A stream of events from main to the renderer. `_ev` exists only for typing. */
export interface Topic<Ev> {
  readonly kind: 'topic';
  readonly id: string;
  readonly _ev?: Ev;
}

/**
 * Declares a call.
 * @param id - `feature:verb`, both kebab-case
 * @param request - the zod schema every request is validated against in main
 */
export function rpc<Req, Res>(id: string, request: ZodType<Req>): Rpc<Req, Res> {
  return { kind: 'rpc', id, request };
}

/**
 * Declares a push topic.
 * @param id - `feature:event`, both kebab-case
 */
export function topic<Ev>(id: string): Topic<Ev> {
  return { kind: 'topic', id };
}

/** The request type of a call. */
export type RequestOf<R> = R extends Rpc<infer Req, unknown> ? Req : never;
/** The response type of a call. */
export type ResponseOf<R> = R extends Rpc<unknown, infer Res> ? Res : never;
/** The event type of a topic. */
export type EventOf<T> = T extends Topic<infer Ev> ? Ev : never;

/** A feature's contract: a record of calls and topics. */
export type FeatureContract = Record<string, Rpc<never, unknown> | Topic<unknown>>;
