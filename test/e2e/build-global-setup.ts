// SPDX-License-Identifier: Apache-2.0
/** End-to-end tests drive the built app: build it when the sources are newer than out/. */
export async function setup(): Promise<void> {
  // @ts-expect-error -- a plain .mjs build script without types
  const { buildAll } = (await import('../../scripts/build.mjs')) as { buildAll(o: { ifStale: boolean }): Promise<boolean> };
  await buildAll({ ifStale: true });
}
