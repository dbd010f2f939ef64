// SPDX-License-Identifier: Apache-2.0
/**
 * The one place main makes S3 clients (`@aws-sdk/client-s3`). Every client is built the same way:
 * - its connections go through an {@link HttpRoute}: a URL route (the one proxy rule: CONNECT or
 *   SOCKS5 tunnel, TLS over it) or a stream route of the in-cluster connector (a port-forward);
 * - an S3-compatible store (any endpoint given) is addressed path-style (`forcePathStyle`);
 * - checksums are computed and validated only when an operation requires them
 *   (`requestChecksumCalculation` and `responseChecksumValidation` `WHEN_REQUIRED`: the SDK's
 *   default CRC32 checksums break S3-compatible servers, aws-sdk-js-v3#6810).
 * Nothing else in main constructs an `S3Client` (a unit test greps for it).
 */
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, HttpRequest } from '@smithy/types';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpRoute, WsCreateConnection } from '../net/http-route';

/** Where a store is and who the client is. */
export interface ObjectStoreTarget {
  /** `http(s)://host[:port]` of the store; AWS S3 itself is `https://s3.<region>.amazonaws.com` ({@link awsEndpoint}). */
  endpoint: string;
  /** Signing region (`us-east-1` when a store does not care). */
  region: string;
  /** Static keys (with a session token for temporary ones), a provider (an AWS profile), or 'anonymous' (unsigned requests to public buckets). */
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider | 'anonymous';
  /** Path-style addressing; default: on for S3-compatible stores, off for AWS. */
  forcePathStyle?: boolean;
}

/** Timeouts of a client's requests. */
export interface ObjectStoreTimeouts {
  /** Time to open a connection (default 15 s). */
  connectMs?: number;
  /** Time a request may wait for bytes (default 60 s). */
  requestMs?: number;
}

/**
 * Kept-alive connections are dropped after 4 s unused (undici's default): a port-forward does not
 * tell the client when the server closed an idle connection, and a request sent on it would wait
 * for the request timeout.
 */
const agentOptions: http.AgentOptions = { keepAlive: true, maxSockets: 16, timeout: 4_000 };

/** An http.Agent (or https.Agent) whose connections are the route's. */
function routeAgent<A extends http.Agent>(Ctor: new (o: http.AgentOptions) => A, connect: WsCreateConnection): A {
  const agent = new Ctor(agentOptions);
  // Node's agents call createConnection(options, callback) and accept a stream through the callback
  (agent as unknown as { createConnection: (o: { host?: string; port?: number }, cb: (e: Error | null, s?: Duplex) => void) => undefined }).createConnection = (
    o,
    cb,
  ) => connect({ host: o.host, port: o.port }, cb);
  return agent;
}

/** The request handler of a client whose connections go through `route`. */
export function routeRequestHandler(route: HttpRoute, t: ObjectStoreTimeouts = {}): NodeHttpHandler {
  const connect = route.wsCreateConnection;
  return new NodeHttpHandler({
    connectionTimeout: t.connectMs ?? 15_000,
    requestTimeout: t.requestMs ?? 60_000,
    httpAgent: connect ? routeAgent(http.Agent, connect) : new http.Agent(agentOptions),
    httpsAgent: connect ? routeAgent(https.Agent, connect) : new https.Agent(agentOptions),
  });
}

/** AWS S3's regional endpoint. */
export function awsEndpoint(region: string): string {
  return `https://s3.${region || 'us-east-1'}.amazonaws.com`;
}

/** Whether an endpoint is AWS S3 itself (virtual-hosted addressing by default). */
export function isAwsEndpoint(endpoint: string): boolean {
  try {
    return /(^|\.)amazonaws\.com(\.cn)?$/.test(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}

/**
 * The configuration every client gets (exported for the unit check).
 * @param route - how the endpoint is reached; its base URL is the endpoint the client signs for
 *   (`target.endpoint` for a URL route, a `.invalid` name for a port-forward)
 */
export function s3ClientConfig(target: ObjectStoreTarget, route: HttpRoute, t: ObjectStoreTimeouts = {}): S3ClientConfig {
  return {
    region: target.region || 'us-east-1',
    ...(target.credentials === 'anonymous'
      ? { credentials: { accessKeyId: '', secretAccessKey: '' }, signer: { sign: (request: HttpRequest) => Promise.resolve(request) } }
      : { credentials: target.credentials }),
    endpoint: route.baseUrl,
    forcePathStyle: target.forcePathStyle ?? !isAwsEndpoint(target.endpoint),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: routeRequestHandler(route, t),
    maxAttempts: 3,
  };
}

/**
 * A client for one store.
 * @param route - the route to `target.endpoint`: a URL route through the proxy rule
 *   (`InClusterConnector.url`, `urlRoute`) or the connector's stream route to a pod
 */
export function makeS3Client(target: ObjectStoreTarget, route: HttpRoute, t: ObjectStoreTimeouts = {}): S3Client {
  return new S3Client(s3ClientConfig(target, route, t));
}
