// SPDX-License-Identifier: Apache-2.0
/**
 * Feast's protobuf schema (0.67.0, generated into feast-registry.schema.json: see NOTICE) as
 * protobuf.js reflection, and the two ways MLDeck turns Feast's messages into what its REST API
 * would answer: {@link decodeRegistry} for a registry file's bytes (a serialized
 * `feast.core.Registry`), {@link protoJson} for any decoded message (ProtoJSON: camelCase names,
 * enums by name, Timestamps as RFC 3339 and Durations as `"86400s"`, defaults left out, as
 * Feast's REST server writes its answers with `MessageToDict`).
 */
import protobuf from 'protobufjs';
import protojson from 'protobufjs/ext/protojson.js';
import { AppError } from '../../../../shared/errors';
import schema from './feast-registry.schema.json';

const root = protobuf.Root.fromJSON(schema as protobuf.INamespace);

/** A message type of the schema, by its full name. */
export function feastType(name: string): protobuf.Type {
  return root.lookupType(name);
}

/** `feast.core.Registry`. */
export const RegistryType = feastType('feast.core.Registry');

/** A decoded message as ProtoJSON. */
export function protoJson(type: protobuf.Type, message: protobuf.Message): unknown {
  return protojson.toJson(type, message);
}

/**
 * A registry file's bytes as ProtoJSON of `feast.core.Registry`.
 * @param label - how the user knows the file ("s3://bucket/feast/registry.db")
 * @throws AppError `unavailable` (not retryable) when the bytes are not a registry
 */
export function decodeRegistry(bytes: Uint8Array, label: string): unknown {
  if (bytes.length === 0) throw new AppError('unavailable', `${label} is empty: it is not a Feast registry file (yet).`, undefined, false, 'feast');
  let message: protobuf.Message;
  try {
    message = RegistryType.decode(bytes);
  } catch (e) {
    throw new AppError(
      'unavailable',
      `${label} is not a Feast registry file MLDeck can read: its bytes are not a feast.core.Registry protobuf (${e instanceof Error ? e.message : String(e)}).`,
      undefined,
      false,
      'feast',
    );
  }
  return protoJson(RegistryType, message);
}
