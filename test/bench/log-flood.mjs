#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// B8's noisy container: appends CRI-format lines (`<RFC3339Nano> stdout F <text>`, as KWOK reads
// them) to a file at a fixed rate for a fixed time, then prints how many it wrote.
// usage: log-flood.mjs FILE LINES_PER_SECOND SECONDS
import { appendFileSync } from 'node:fs';

const [file, rateArg, secondsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: log-flood.mjs FILE LINES_PER_SECOND SECONDS');
const rate = Number(rateArg ?? 20000);
const seconds = Number(secondsArg ?? 10);
const tickMs = 10;
const start = performance.now();
let written = 0;
const pad = 'x'.repeat(40);
const tick = () => {
  const elapsed = performance.now() - start;
  const due = Math.min(Math.floor((elapsed / 1000) * rate), Math.floor(rate * seconds));
  let chunk = '';
  const ts = new Date().toISOString().replace('Z', '000000Z');
  for (; written < due; written++) chunk += `${ts} stdout F INFO step=${written} loss=${(1 / (written + 1)).toFixed(6)} ${pad}\n`;
  if (chunk) appendFileSync(file, chunk);
  if (elapsed >= seconds * 1000 && written >= Math.floor(rate * seconds)) {
    process.stdout.write(`${written}\n`);
    return;
  }
  setTimeout(tick, tickMs);
};
tick();
