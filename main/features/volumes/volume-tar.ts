// SPDX-License-Identifier: Apache-2.0
/**
 * Tar streams for file transfer over exec, with tar-stream: the first regular file of an
 * archive (a download; bounded), and an archive of files to upload.
 */
import type { Writable } from 'node:stream';
import tar from 'tar-stream';
import { AppError } from '../../../shared/errors';

/** A writable that takes a tar stream and resolves with its first regular file. */
export function firstFileOfTar(maxBytes: number): { sink: Writable; file: Promise<{ name: string; bytes: Buffer }> } {
  const extract = tar.extract();
  const file = new Promise<{ name: string; bytes: Buffer }>((resolve, reject) => {
    let found: { name: string; bytes: Buffer } | undefined;
    extract.on('entry', (header, stream, next) => {
      if (found || (header.type !== 'file' && header.type !== 'contiguous-file')) {
        stream.on('end', () => next());
        stream.resume();
        return;
      }
      if ((header.size ?? 0) > maxBytes) {
        extract.destroy(
          new AppError('validation', `${header.name} is ${header.size} bytes: files over ${maxBytes} bytes cannot be downloaded through the app.`),
        );
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(Buffer.from(c as Uint8Array)));
      stream.on('end', () => {
        found = { name: header.name.split('/').filter(Boolean).pop() ?? header.name, bytes: Buffer.concat(chunks) };
        next();
      });
    });
    extract.on('finish', () =>
      found ? resolve(found) : reject(new AppError('validation', 'That is not a file (a folder or a link); choose a file to download.')),
    );
    extract.on('error', reject);
  });
  // tar-stream's extractor is a streamx Writable: write (with back-pressure), 'drain' and end are
  // all pod-exec uses of a node Writable
  return { sink: extract as unknown as Writable, file };
}

/** An archive of files (mode 0644, now). */
export async function packFiles(files: readonly { name: string; bytes: Buffer }[], now = new Date()): Promise<Buffer> {
  const pack = tar.pack();
  for (const f of files) pack.entry({ name: f.name, size: f.bytes.length, mode: 0o644, mtime: now, type: 'file' }, f.bytes);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}
