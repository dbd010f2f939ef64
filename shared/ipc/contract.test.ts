// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { allEntries, allRpcIds, allTopicIds } from './contract';

describe('the contract', () => {
  it('has unique ids', () => {
    const ids = allEntries().map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names every entry feature:verb in kebab-case', () => {
    for (const e of allEntries()) expect(e.id).toMatch(/^[a-z-]+:[a-z-]+$/);
  });

  it('pins the channel names, so a rename is a deliberate change', () => {
    expect(allRpcIds().sort()).toMatchInlineSnapshot(`
      [
        "app:info",
        "app:open-external",
        "clusters:access",
        "clusters:add-file",
        "clusters:add-text",
        "clusters:approve-exec",
        "clusters:discover",
        "clusters:health",
        "clusters:list",
        "clusters:remove",
        "clusters:rename",
        "clusters:set-current",
        "clusters:use-lab",
        "gpus:allocation",
        "gpus:get-settings",
        "gpus:metrics",
        "gpus:set-settings",
        "jobs:delete",
        "jobs:permissions",
        "jobs:schema",
        "jobs:set-suspended",
        "jobs:submit",
        "jobs:validate",
        "logs:keep",
        "logs:list",
        "logs:read",
        "logs:tail",
        "logs:untail",
        "overview:get",
        "resources:events",
        "resources:get",
        "resources:kinds",
        "resources:list",
        "snapshots:close",
        "snapshots:export",
        "snapshots:open",
        "snapshots:open-sample",
        "sync:subscribe",
        "sync:unsubscribe",
      ]
    `);
    expect(allTopicIds().sort()).toMatchInlineSnapshot(`
      [
        "app:notice",
        "clusters:changed",
        "clusters:health-changed",
        "logs:appended",
        "sync:delta",
      ]
    `);
  });
});
