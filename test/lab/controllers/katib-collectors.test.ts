// SPDX-License-Identifier: Apache-2.0
/** Unit tests of what the driven Katib's trials write for the File and TensorFlowEvent collectors. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectorSource, crc32c, eventProto, fileReport, tfRecord, writeCollectorReports, type Report } from './katib-collectors.ts';

const report = (epoch: number): Report => ({
  epoch,
  totalEpochs: 10,
  metrics: [
    { name: 'accuracy', value: 0.5 + epoch / 100 },
    { name: 'loss', value: 1 / epoch },
  ],
  time: new Date(Date.UTC(2026, 0, 1, 0, 0, epoch)),
});

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('metrics collector files', () => {
  it('uses Katib’s default paths and formats', () => {
    expect(collectorSource({ collector: { kind: 'File' } })).toEqual({ kind: 'File', path: '/var/log/katib/metrics.log', format: 'TEXT' });
    expect(collectorSource({ collector: { kind: 'TensorFlowEvent' } })).toEqual({ kind: 'TensorFlowEvent', path: '/var/log/katib/tfevent/' });
    expect(collectorSource({ collector: { kind: 'StdOut' } })).toBeUndefined();
    expect(collectorSource({ collector: { kind: 'Push' } })).toBeUndefined();
  });

  it('writes TEXT as printed and JSON one object per report', () => {
    expect(fileReport('TEXT', report(2))).toBe('epoch 2/10\naccuracy=0.5200\nloss=0.5000\n');
    expect(JSON.parse(fileReport('JSON', report(2)))).toEqual({ epoch: 2, accuracy: 0.52, loss: 0.5, timestamp: '2026-01-01T00:00:02.000Z' });
  });

  it('appends to the file at the path given, inside the pod’s folder, and refuses a path leaving it', () => {
    dir = mkdtempSync(join(tmpdir(), 'katib-files-'));
    const spec = { collector: { kind: 'File' }, source: { fileSystemPath: { path: '/katib/mnist.json', kind: 'File', format: 'JSON' } } };
    writeCollectorReports(dir, 'p', spec, [report(1)]);
    writeCollectorReports(dir, 'p', spec, [report(2), report(3)]);
    const lines = readFileSync(join(dir, 'katib', 'mnist.json'), 'utf8')
      .trim()
      .split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { epoch: number }).epoch)).toEqual([1, 2, 3]);
    const bad = { collector: { kind: 'File' }, source: { fileSystemPath: { path: '/../../escape.log' } } };
    expect(() => writeCollectorReports(dir, 'p', bad, [report(1)])).toThrow(/leaves the pod's file system/);
  });

  it('frames event files as TFRecords with the CRC-32C TensorFlow uses', () => {
    // the CRC-32C check value, and TFRecord's mask of it
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    const data = eventProto(1, 0, { fileVersion: 'brain.Event:2' });
    const rec = tfRecord(data);
    expect(rec.readBigUInt64LE(0)).toBe(BigInt(data.length));
    expect(rec.subarray(12, 12 + data.length)).toEqual(data);
    expect(rec).toHaveLength(data.length + 16);
    dir = mkdtempSync(join(tmpdir(), 'katib-files-'));
    const spec = { collector: { kind: 'TensorFlowEvent' }, source: { fileSystemPath: { path: '/train', kind: 'Directory' } } };
    writeCollectorReports(dir, 'pod-0', spec, [report(1)]);
    writeCollectorReports(dir, 'pod-0', spec, [report(2)]);
    const files = readdirSync(join(dir, 'train'));
    expect(files).toEqual([`events.out.tfevents.${Date.UTC(2026, 0, 1, 0, 0, 1) / 1000}.pod-0`]);
    // three records: the file version, then one event per report
    const buf = readFileSync(join(dir, 'train', files[0] as string));
    let off = 0;
    let records = 0;
    while (off < buf.length) {
      off += Number(buf.readBigUInt64LE(off)) + 16;
      records++;
    }
    expect([records, off]).toEqual([3, buf.length]);
  });
});
