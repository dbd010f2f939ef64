// SPDX-License-Identifier: Apache-2.0
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { JsonFile } from './json-file';
import { tempDir } from './testing/temp-dir';

const fileIn = () => join(tempDir('mldeck-json-file-'), 'sub', 'things.json');

const Schema = z.object({ version: z.literal(1), items: z.array(z.string()) });
const open = (file: string) => new JsonFile(file, Schema, 'things', () => ({ version: 1 as const, items: [] }));

describe('JsonFile', () => {
  it('reads a missing file as empty; a change writes the whole file, 0600, and answers', async () => {
    const file = fileIn();
    const f = open(file);
    expect(await f.read()).toEqual({ version: 1, items: [] });
    expect(await f.update((d) => d.items.push('a'))).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, items: ['a'] });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(file, '..'))).toEqual(['things.json']);
  });

  it('runs changes one after the other, each on what the one before wrote; a failed change writes nothing and does not stop the next', async () => {
    const f = open(fileIn());
    const failing = f.update(() => {
      throw new Error('no');
    });
    await Promise.all([f.update((d) => d.items.push('a')), expect(failing).rejects.toThrow('no'), f.update((d) => d.items.push('b'))]);
    expect((await f.read()).items).toEqual(['a', 'b']);
  });

  it('reports a damaged file instead of replacing it', async () => {
    const file = fileIn();
    const f = open(file);
    await f.update(() => undefined);
    writeFileSync(file, '{not json');
    await expect(f.read()).rejects.toMatchObject({ code: 'internal', message: `The things file ${file} is not valid JSON; fix or delete it.` });
    writeFileSync(file, '{"version":2}');
    await expect(f.update((d) => d.items.push('x'))).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('unexpected shape') });
    expect(readFileSync(file, 'utf8')).toBe('{"version":2}');
    rmSync(file);
    writeFileSync(file, '', { mode: 0o000 });
    if (process.getuid?.() !== 0) await expect(f.read()).rejects.toMatchObject({ code: 'unavailable', message: `The things file ${file} could not be read.` });
  });
});
