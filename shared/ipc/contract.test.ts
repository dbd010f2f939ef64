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
        "clusters:describe-exec",
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
        "gpus:prometheus-candidates",
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
        "notebook-servers:create",
        "notebook-servers:delete",
        "notebook-servers:options",
        "notebook-servers:permissions",
        "notebook-servers:set-settings",
        "notebook-servers:set-stopped",
        "notebook-servers:settings",
        "notebooks:connect",
        "notebooks:create",
        "notebooks:delete",
        "notebooks:disconnect",
        "notebooks:drop-draft",
        "notebooks:execute",
        "notebooks:forget-token",
        "notebooks:get-settings",
        "notebooks:interrupt",
        "notebooks:list-drafts",
        "notebooks:list-files",
        "notebooks:open",
        "notebooks:put-draft",
        "notebooks:read-file",
        "notebooks:rename",
        "notebooks:restart",
        "notebooks:save",
        "notebooks:set-settings",
        "notebooks:shutdown-kernel",
        "notebooks:start-kernel",
        "notebooks:upload",
        "overview:get",
        "registry:artifact",
        "registry:artifacts",
        "registry:candidates",
        "registry:delete-alias",
        "registry:delete-tag",
        "registry:get-settings",
        "registry:metric-history",
        "registry:model",
        "registry:models",
        "registry:set-alias",
        "registry:set-description",
        "registry:set-settings",
        "registry:set-tag",
        "registry:test-connection",
        "registry:version",
        "resources:events",
        "resources:get",
        "resources:kinds",
        "resources:list",
        "serving:canary",
        "serving:create-storage-access",
        "serving:permissions",
        "serving:predict",
        "serving:promote",
        "serving:restore",
        "serving:rollback",
        "serving:service-accounts",
        "serving:set-traffic",
        "serving:submit",
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
        "notebooks:connection",
        "notebooks:kernel",
        "sync:delta",
      ]
    `);
  });
});
