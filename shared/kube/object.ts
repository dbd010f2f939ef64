// SPDX-License-Identifier: Apache-2.0
/** The shape of any Kubernetes object, as far as generic views need it. */

/** Object metadata. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
}

/** Any Kubernetes object. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
  [key: string]: unknown;
}

/** A core/v1 Event, as the detail panel shows it. */
export interface KubeEvent {
  type: string;
  reason: string;
  message: string;
  count: number;
  firstTime: string | undefined;
  lastTime: string | undefined;
  involved: { kind: string; name: string; namespace: string | undefined; uid: string | undefined };
  source: string;
}
