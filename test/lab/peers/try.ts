// SPDX-License-Identifier: Apache-2.0
/**
 * Manual check of the peers: starts them all, seeds them and prints their health.
 * `npx tsx test/lab/peers/try.ts` from the repository root. Leaves the processes running.
 */
import { peerProcessNames, peersHealth, seedPeers, startPeers } from './index.ts';

const t0 = Date.now();
await startPeers();
await seedPeers();
for (const h of await peersHealth()) console.log(`${h.ok ? 'OK  ' : 'FAIL'} ${h.name.padEnd(12)} ${h.detail}`);
console.log(`processes: ${peerProcessNames().join(', ')}; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
if (!(await peersHealth()).every((h) => h.ok)) process.exitCode = 1;
