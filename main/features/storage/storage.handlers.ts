// SPDX-License-Identifier: Apache-2.0
/** Handlers of the storage contract. */
import type { storageContract } from '../../../shared/features/storage/storage.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { StoreClients } from './store-clients';
import type { StorageService } from './storage.service';
import type { StorageTransfers } from './storage-transfers';

export function storageHandlers(s: StorageService, clients: StoreClients, transfers: StorageTransfers): HandlerMap<typeof storageContract> {
  return {
    connections: ({ clusterId }) => s.list(clusterId),
    adopt: ({ clusterId, foundId }) => s.adopt(clusterId, foundId),
    save: (input) => s.save(input),
    remove: ({ clusterId, connectionId }) => s.remove(clusterId, connectionId),
    profiles: () => s.profiles(),
    buckets: ({ clusterId, connectionId }) => s.buckets(clusterId, connectionId),
    list: ({ clusterId, connectionId, bucket, prefix, token, max }) => s.page(clusterId, connectionId, bucket, prefix, token, max),
    preview: ({ clusterId, connectionId, bucket, key, limit }) => s.preview(clusterId, connectionId, bucket, key, limit),
    presign: ({ clusterId, connectionId, bucket, key, expiresSeconds }) => s.presign(clusterId, connectionId, bucket, key, expiresSeconds),
    deletePlan: ({ clusterId, connectionId, bucket, keys, prefixes }) => s.deletePlan(clusterId, connectionId, bucket, keys, prefixes),
    delete: ({ clusterId, connectionId, bucket, keys, prefixes }) => s.delete(clusterId, connectionId, bucket, keys, prefixes),
    uploadStart: async ({ clusterId, connectionId, bucket, key, size, contentType }, ctx) =>
      transfers.startUpload(ctx.clientId, await clients.get(clusterId, connectionId), bucket, key, size, contentType),
    uploadChunk: ({ uploadId, base64 }, ctx) => transfers.chunk(ctx.clientId, uploadId, base64),
    uploadFinish: ({ uploadId }, ctx) => transfers.finish(ctx.clientId, uploadId),
    uploadCancel: ({ uploadId }, ctx) => transfers.cancel(ctx.clientId, uploadId),
    downloadStart: async ({ clusterId, connectionId, bucket, key, prefix }, ctx) =>
      transfers.startDownload(ctx.clientId, await clients.get(clusterId, connectionId), bucket, key !== undefined ? { key } : { prefix: prefix ?? '' }),
    downloadRead: ({ downloadId }, ctx) => transfers.read(ctx.clientId, downloadId),
    downloadCancel: ({ downloadId }, ctx) => transfers.cancel(ctx.clientId, downloadId),
  };
}
