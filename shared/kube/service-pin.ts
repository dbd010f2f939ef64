// SPDX-License-Identifier: Apache-2.0
/**
 * An in-cluster Service the user confirmed as the one MLDeck may talk to (and send stored
 * credentials to): pinned by namespace, name and uid, so a Service of the same name in another
 * namespace, or one deleted and made again under the same name, is not it.
 */
import { z } from 'zod';
import { DnsLabel } from './names';

/** A pinned Service. */
export const ServicePin = z.object({
  namespace: DnsLabel,
  name: z.string().min(1).max(253),
  uid: z.string().min(1).max(64),
});
/** {@link ServicePin} */
export type ServicePin = z.infer<typeof ServicePin>;

/** A Service discovery found, offered to be pinned. */
export interface ServiceCandidate extends ServicePin {
  /** The Service port used. */
  port: number;
  /** The Running pod behind it that a port-forward would use; undefined when none. */
  pod: string | undefined;
}

/** Whether two pins name the same object (same uid too). */
export function samePin(a: ServicePin | null | undefined, b: ServicePin | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.namespace === b.namespace && a.name === b.name && a.uid === b.uid;
}

/** `namespace/name`. */
export function pinLabel(p: Pick<ServicePin, 'namespace' | 'name'>): string {
  return `${p.namespace}/${p.name}`;
}
