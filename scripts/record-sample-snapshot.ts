// SPDX-License-Identifier: Apache-2.0
/**
 * Re-records resources/sample-workspace.mldeck-snapshot from the seeded lab (run
 * `npm run lab -- up` first): lab-a's team namespaces with every Kubeflow kind, nodes, pods
 * and events, plus a few seconds of kept training logs. Usage:
 *   npx tsx scripts/record-sample-snapshot.ts
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { clustersContract } from '../shared/features/clusters/clusters.contract';
import { logsContract } from '../shared/features/logs/logs.contract';
import { resourcesContract } from '../shared/features/resources/resources.contract';
import { snapshotsContract } from '../shared/features/snapshots/snapshots.contract';
import { startApp } from '../test/harness/app-under-test';
import { labInfo } from '../test/harness/lab';

const root = resolve(import.meta.dirname, '..');
const target = join(root, 'resources', 'sample-workspace.mldeck-snapshot');
const namespaces = ['team-a', 'team-b', 'team-vision', 'kubeflow'];

const app = await startApp(labInfo().kubeconfig, { dataDir: mkdtempSync(join(tmpdir(), 'mldeck-record-')) });
try {
  const clusterId = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a')?.id;
  if (!clusterId) throw new Error('the lab kubeconfig has no lab-a context');
  const pods = await app.api.call(resourcesContract.list, { clusterId, group: '', version: 'v1', resource: 'pods', namespace: 'team-a' });
  const training = pods.items
    .filter((p) => p.metadata.labels?.['training.kubeflow.org/job-name'] && (p.status as { phase?: string } | undefined)?.phase === 'Running')
    .slice(0, 3);
  for (const p of training) await app.api.call(logsContract.keep, { clusterId, namespace: 'team-a', pod: p.metadata.name });
  process.stdout.write(`keeping logs of ${training.length} training pods for 10 s…\n`);
  await new Promise((r) => setTimeout(r, 10_000));
  const r = await app.api.call(snapshotsContract.export, { clusterId, namespaces, includeLogs: true });
  copyFileSync(r.file, target);
  // keep the shipped file small: the newest 1,500 kept lines per container
  const db = new Database(target);
  db.exec(`DELETE FROM log_lines WHERE seq IN (
    SELECT seq FROM (SELECT seq, ROW_NUMBER() OVER (PARTITION BY container_id ORDER BY seq DESC) AS n FROM log_lines) WHERE n > 1500)`);
  db.exec(`UPDATE log_containers SET truncated = 1, bytes = (SELECT COALESCE(SUM(bytes), 0) FROM log_lines WHERE container_id = log_containers.id)`);
  db.exec('VACUUM');
  db.close();
  process.stdout.write(`wrote ${target}: ${r.objects} objects, ${(statSync(target).size / 1024).toFixed(0)} KiB\n`);
} finally {
  const dir = app.dataDir;
  app.close();
  rmSync(dir, { recursive: true, force: true });
}
