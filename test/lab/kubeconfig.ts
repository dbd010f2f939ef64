// SPDX-License-Identifier: Apache-2.0
/**
 * The kubeconfig `up` writes, with every lab context: lab-a and lab-b (admin),
 * lab-a-restricted (alice, limited by RBAC to team-a), lab-a-cert (client certificate)
 * and lab-a-exec (an exec credential plugin shipped in the lab).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { LabCluster } from './control-plane.ts';
import { kubeconfigPath, repoRoot } from './paths.ts';
import { labUsers } from './pki.ts';

/** Writes the lab kubeconfig and returns its path. */
export function writeLabKubeconfig(a: LabCluster, b: LabCluster): string {
  const cluster = (c: LabCluster) => ({ name: c.name, cluster: { server: c.server, 'certificate-authority': c.pki.caCrt } });
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'lab-a',
    clusters: [cluster(a), cluster(b)],
    users: [
      { name: 'lab-admin', user: { token: labUsers.admin.token } },
      { name: 'alice', user: { token: labUsers.alice.token } },
      { name: 'lab-a-cert', user: { 'client-certificate': a.pki.adminCrt, 'client-key': a.pki.adminKey } },
      {
        name: 'lab-exec',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: process.execPath,
            args: [join(repoRoot, 'test', 'lab', 'exec-credential-plugin.mjs'), labUsers.exec.token],
            interactiveMode: 'Never',
            provideClusterInfo: false,
            installHint: 'The lab plugin ships with MLDeck: run `npm run lab -- up`.',
          },
        },
      },
    ],
    contexts: [
      { name: 'lab-a', context: { cluster: 'lab-a', user: 'lab-admin', namespace: 'team-a' } },
      { name: 'lab-b', context: { cluster: 'lab-b', user: 'lab-admin', namespace: 'team-a' } },
      { name: 'lab-a-restricted', context: { cluster: 'lab-a', user: 'alice', namespace: 'team-a' } },
      { name: 'lab-a-cert', context: { cluster: 'lab-a', user: 'lab-a-cert' } },
      { name: 'lab-a-exec', context: { cluster: 'lab-a', user: 'lab-exec', namespace: 'team-a' } },
    ],
  };
  writeFileSync(kubeconfigPath, stringify(config), { mode: 0o600 });
  return kubeconfigPath;
}
