// SPDX-License-Identifier: Apache-2.0
/** Files dropped or chosen, with their paths under the folder they came in (folders walked). */

/** A file and where it goes, relative to the folder it is uploaded to. */
export interface PickedFile {
  file: File;
  path: string;
}

interface Entry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
  file?(ok: (f: File) => void, fail: (e: unknown) => void): void;
  createReader?(): { readEntries(ok: (es: Entry[]) => void, fail: (e: unknown) => void): void };
}

async function walk(entry: Entry, out: PickedFile[]): Promise<void> {
  if (entry.isFile && entry.file) {
    const file = await new Promise<File>((ok, fail) => entry.file?.(ok, fail));
    out.push({ file, path: entry.fullPath.replace(/^\/+/, '') });
    return;
  }
  if (entry.isDirectory && entry.createReader) {
    const reader = entry.createReader();
    // readEntries answers in batches until an empty one
    for (;;) {
      const batch = await new Promise<Entry[]>((ok, fail) => reader.readEntries(ok, fail));
      if (batch.length === 0) break;
      for (const e of batch) await walk(e, out);
    }
  }
}

/** The files of a drop, folders walked. */
export async function droppedFiles(dt: DataTransfer): Promise<PickedFile[]> {
  const entries: Entry[] = [];
  for (const item of [...dt.items]) {
    const e = item.webkitGetAsEntry() as unknown as Entry | null;
    if (e) entries.push(e);
  }
  if (entries.length === 0) return [...dt.files].map((file) => ({ file, path: file.name }));
  const out: PickedFile[] = [];
  for (const e of entries) await walk(e, out);
  return out;
}

/** The files of an `<input type=file>` (with `webkitdirectory`, their folder paths). */
export function chosenFiles(list: FileList | null): PickedFile[] {
  return [...(list ?? [])].map((file) => ({ file, path: (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name }));
}
