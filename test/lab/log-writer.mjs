#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// Appends training progress to a log file, as a PyTorch training loop would print it:
// steps, epochs, loss falling and accuracy rising. Lines are in the CRI log format that
// kubelets (and KWOK) read: `<RFC3339Nano time> stdout F <text>`. KWOK follows the file.
import { appendFileSync, statSync, truncateSync } from 'node:fs';

const file = process.argv[2];
if (!file) throw new Error('usage: log-writer.mjs FILE');
const maxBytes = 64 * 1024 * 1024;
let step = 0;
setInterval(() => {
  step += 10;
  const epoch = Math.floor(step / 1000);
  const loss = (2.3 * Math.exp(-step / 4000) + 0.05 + Math.random() * 0.02).toFixed(4);
  const acc = (1 - 0.9 * Math.exp(-step / 3000) - Math.random() * 0.01).toFixed(4);
  const ts = new Date().toISOString();
  let line = `${ts} stdout F INFO  epoch=${epoch} step=${step} loss=${loss} accuracy=${acc} lr=0.001 gpu_mem=61.2GiB\n`;
  if (step % 1000 === 0) line += `${ts} stdout F INFO  saved checkpoint /checkpoints/epoch-${epoch}.pt\n`;
  try {
    if (statSync(file).size > maxBytes) truncateSync(file, 0);
  } catch {
    /* the file is created by the first append */
  }
  appendFileSync(file, line);
}, 500);
