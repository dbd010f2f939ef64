// SPDX-License-Identifier: Apache-2.0
/** Kubernetes name rules, as zod schemas. */
import { z } from 'zod';

/** An RFC 1123 label (namespaces, most names): at most 63 lower-case letters, digits and '-'. */
export const DnsLabel = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be lower-case letters, digits and "-", starting and ending with a letter or digit');

/** An RFC 1123 subdomain (object names): at most 253 characters, dot-separated labels. */
export const DnsSubdomain = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'must be a lower-case DNS subdomain');

/** An API group ('' for the core group). */
export const ApiGroup = z
  .string()
  .max(253)
  .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$/);

/** An API version such as v1, v1beta1. */
export const ApiVersionName = z.string().regex(/^v[0-9]+((alpha|beta)[0-9]+)?$/);

/** A resource plural such as pods, pytorchjobs. */
export const ResourcePlural = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/);
