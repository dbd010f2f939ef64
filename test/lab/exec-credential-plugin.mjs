#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// The lab's exec credential plugin (context lab-a-exec). Like a cloud provider's plugin it
// writes progress to stderr and prints an ExecCredential with an expiry on stdout, in the
// API version the client asked for through KUBERNETES_EXEC_INFO (v1 by default).
// MLDECK_LAB_EXEC_DELAY_MS makes it slow (for tests of cancellation and responsiveness);
// MLDECK_LAB_EXEC_FAIL makes it fail like an expired sign-in.
const info = process.env.KUBERNETES_EXEC_INFO ? JSON.parse(process.env.KUBERNETES_EXEC_INFO) : {};
const apiVersion = info.apiVersion ?? 'client.authentication.k8s.io/v1';
const delay = Number(process.env.MLDECK_LAB_EXEC_DELAY_MS ?? '0');
process.stderr.write('mldeck-lab: signing in to the lab...\n');
setTimeout(() => {
  if (process.env.MLDECK_LAB_EXEC_FAIL) {
    process.stderr.write('mldeck-lab: sign-in failed: session expired\n');
    process.exit(1);
  }
  const expirationTimestamp = new Date(Date.now() + 15 * 60 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  process.stdout.write(JSON.stringify({ apiVersion, kind: 'ExecCredential', status: { token: process.argv[2] ?? 'mldeck-exec-token', expirationTimestamp } }));
}, delay);
