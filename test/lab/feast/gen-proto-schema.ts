// SPDX-License-Identifier: Apache-2.0
/**
 * Writes main/features/feast/proto/feast-registry.schema.json, the protobuf.js reflection JSON of
 * the Feast messages MLDeck reads (`feast.core.Registry` and everything it holds, the
 * `feast.registry.RegistryServer` service and its messages), from the descriptors compiled into a
 * Feast package's `feast/protos` modules (proto-descriptors.py). Run when the lab's Feast version
 * changes:
 *
 *   npx tsx test/lab/feast/gen-proto-schema.ts [<feast package folder>]
 *
 * (default: the lab's `feast` environment), then `npx prettier --write` the file.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor.js';
import { envDir } from '../peers/python-envs.ts';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '..', '..', 'main', 'features', 'feast', 'proto', 'feast-registry.schema.json');

function labFeastDir(): string {
  const lib = join(envDir('feast'), 'lib');
  const py = readdirSync(lib).find((d) => d.startsWith('python'));
  if (!py) throw new Error(`no python folder under ${lib}`);
  return join(lib, py, 'site-packages', 'feast');
}

const feastDir = process.argv[2] ?? labFeastDir();
const encoded = JSON.parse(execFileSync('python3', [join(here, 'proto-descriptors.py'), feastDir], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Record<
  string,
  string
>;
const files = Object.values(encoded).map((b) => descriptor.FileDescriptorProto.decode(Buffer.from(b, 'base64')) as descriptor.IFileDescriptorProto);
const byName = new Map(files.map((f) => [f.name, f]));
const wanted = new Set<string>();
const visit = (name: string): void => {
  if (wanted.has(name)) return;
  wanted.add(name);
  for (const d of byName.get(name)?.dependency ?? []) visit(d);
};
visit('feast/core/Registry.proto');
visit('feast/registry/RegistryServer.proto');
// the well-known types the Feast files import, from protobuf.js's own copies
const google = new protobuf.Root();
for (const n of ['google/protobuf/timestamp.proto', 'google/protobuf/duration.proto', 'google/protobuf/empty.proto', 'google/protobuf/wrappers.proto'])
  google.addJSON(protobuf.common.get(n)?.nested ?? {});
const set: descriptor.IFileDescriptorSet = {
  file: [...((google.toDescriptor('proto3') as descriptor.IFileDescriptorSet).file ?? []), ...files.filter((f) => wanted.has(f.name ?? ''))],
};
const root = protobuf.Root.fromDescriptor(set);
root.resolveAll();
writeFileSync(out, `${JSON.stringify(root.toJSON(), null, 2)}\n`);
process.stderr.write(`wrote ${out} from ${[...wanted].filter((n) => byName.has(n)).length} Feast files in ${feastDir}\n`);
