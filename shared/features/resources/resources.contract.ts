// SPDX-License-Identifier: Apache-2.0
/**
 * Generic resources: the kinds a cluster serves, lists, one object, and its events. The
 * generic table and detail panel of the shell read through this contract.
 */
import { z } from 'zod';
import { rpc } from '../../ipc/define';
import type { KubeEvent, KubeObject } from '../../kube/object';
import { ApiGroup, ApiVersionName, DnsLabel, DnsSubdomain, ResourcePlural } from '../../kube/names';

/** Which kind of resource: group (''=core), version and plural. */
export const ResourceType = z.object({ group: ApiGroup, version: ApiVersionName, resource: ResourcePlural });
/** {@link ResourceType} */
export type ResourceType = z.infer<typeof ResourceType>;

/** A kind the cluster serves, from discovery. */
export interface ApiResourceInfo extends ResourceType {
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
}

const ClusterId = z.string().min(1).max(512);

export const ListRequest = ResourceType.extend({
  clusterId: ClusterId,
  /** Omit for all namespaces. */
  namespace: DnsLabel.optional(),
  labelSelector: z.string().max(1024).optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
});
/** {@link ListRequest} */
export type ListRequest = z.infer<typeof ListRequest>;

/** A list of objects and the resourceVersion it was read at. */
export interface ListResponse {
  items: KubeObject[];
  resourceVersion: string;
  /** When the list was read (ISO time). */
  fetchedAt: string;
}

export const GetRequest = ResourceType.extend({ clusterId: ClusterId, namespace: DnsLabel.optional(), name: DnsSubdomain });
/** {@link GetRequest} */
export type GetRequest = z.infer<typeof GetRequest>;

/** One object, also as YAML text for the read-only editor. */
export interface GetResponse {
  object: KubeObject;
  yaml: string;
}

export const EventsRequest = z.object({
  clusterId: ClusterId,
  namespace: DnsLabel.optional(),
  uid: z.string().max(64).optional(),
  name: DnsSubdomain.optional(),
  kind: z.string().max(63).optional(),
});
/** {@link EventsRequest} */
export type EventsRequest = z.infer<typeof EventsRequest>;

export const resourcesContract = {
  kinds: rpc<{ clusterId: string }, ApiResourceInfo[]>('resources:kinds', z.object({ clusterId: ClusterId })),
  list: rpc<ListRequest, ListResponse>('resources:list', ListRequest),
  get: rpc<GetRequest, GetResponse>('resources:get', GetRequest),
  events: rpc<EventsRequest, KubeEvent[]>('resources:events', EventsRequest),
} as const;
