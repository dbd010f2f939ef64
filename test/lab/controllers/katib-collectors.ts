// SPDX-License-Identifier: Apache-2.0
/**
 * What a trial's training program leaves for the experiment's metrics collector, per
 * `metricsCollectorSpec.collector.kind` (defaults as Katib's defaulting webhook sets them):
 * - `StdOut` (and `Push`, `PrometheusMetric`, `None`, `Custom`, and kinds Katib does not know):
 *   nothing beyond the pod's output (katib-observation.ts);
 * - `File`: the reports appended to the file at `source.fileSystemPath.path` (default
 *   `/var/log/katib/metrics.log`), format `TEXT` (`<metric>=<value>` lines, as printed) or `JSON`
 *   (one object per report: `{"epoch": k, "<metric>": <value>, …, "timestamp": "<RFC 3339>"}`);
 * - `TensorFlowEvent`: TensorFlow event files (`events.out.tfevents.<secs>.<pod>`) in the directory
 *   `source.fileSystemPath.path` (default `/var/log/katib/tfevent/`): records framed as TFRecord
 *   (length, masked CRC-32C) holding `Event` protos, first `file_version: "brain.Event:2"`, then per
 *   report one event with `step` k and a scalar per metric as `tf.summary.scalar` writes it (a
 *   float tensor with the `scalars` plugin), which is what Katib's collector reads (`TENSORS`).
 * A KWOK pod has no file system: the pod's files live under the folder the lab gives it.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

/** The parts of `metricsCollectorSpec` the lab reads. */
export interface MetricsCollectorSpec {
  collector?: { kind?: string };
  source?: { fileSystemPath?: { path?: string; kind?: string; format?: string } };
}

/** Where the collector reads, with Katib's defaults; undefined for the kinds that read no file. */
export function collectorSource(
  spec: MetricsCollectorSpec | undefined,
): { kind: 'File'; path: string; format: 'TEXT' | 'JSON' } | { kind: 'TensorFlowEvent'; path: string } | undefined {
  const kind = spec?.collector?.kind;
  const fsp = spec?.source?.fileSystemPath;
  if (kind === 'File') return { kind, path: fsp?.path || '/var/log/katib/metrics.log', format: fsp?.format === 'JSON' ? 'JSON' : 'TEXT' };
  if (kind === 'TensorFlowEvent') return { kind, path: fsp?.path || '/var/log/katib/tfevent/' };
  return undefined;
}

/** One report: epoch k of K and the metrics' values then. */
export interface Report {
  epoch: number;
  totalEpochs: number;
  metrics: { name: string; value: number }[];
  time: Date;
}

/** A report as the File collector's file holds it. */
export function fileReport(format: 'TEXT' | 'JSON', r: Report): string {
  if (format === 'JSON') {
    const o: Record<string, unknown> = { epoch: r.epoch };
    for (const m of r.metrics) o[m.name] = Number(m.value.toFixed(4));
    o['timestamp'] = r.time.toISOString();
    return `${JSON.stringify(o)}\n`;
  }
  return `epoch ${r.epoch}/${r.totalEpochs}\n${r.metrics.map((m) => `${m.name}=${m.value.toFixed(4)}\n`).join('')}`;
}

const crcTable = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** CRC-32C (Castagnoli), as TFRecord uses it. */
export function crc32c(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function maskedCrc(data: Uint8Array): number {
  const c = crc32c(data);
  return (((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0;
}

/** One TFRecord: length, its masked CRC, the data, its masked CRC. */
export function tfRecord(data: Buffer): Buffer {
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(data.length));
  const head = Buffer.alloc(4);
  head.writeUInt32LE(maskedCrc(len));
  const tail = Buffer.alloc(4);
  tail.writeUInt32LE(maskedCrc(data));
  return Buffer.concat([len, head, data, tail]);
}

function varint(n: number | bigint): Buffer {
  let v = BigInt(n);
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Buffer.from(out);
}

/** A length-delimited protobuf field. */
function field(num: number, body: Buffer): Buffer {
  return Buffer.concat([varint((num << 3) | 2), varint(body.length), body]);
}

/** An `Event` proto: wall_time, step, and either file_version or a summary of float scalars. */
export function eventProto(wallTime: number, step: number, content: { fileVersion: string } | { scalars: { tag: string; value: number }[] }): Buffer {
  const wall = Buffer.alloc(9);
  wall[0] = 0x09; // field 1, 64-bit
  wall.writeDoubleLE(wallTime, 1);
  const parts: Buffer[] = [wall, Buffer.concat([Buffer.from([0x10]), varint(step)])];
  if ('fileVersion' in content) parts.push(field(3, Buffer.from(content.fileVersion)));
  else {
    const values = content.scalars.map((s) => {
      const f = Buffer.alloc(4);
      f.writeFloatLE(s.value);
      // TensorProto: dtype DT_FLOAT (1), tensor_shape {} (a scalar), float_val [value] (packed)
      const tensor = Buffer.concat([Buffer.from([0x08, 0x01]), field(2, Buffer.alloc(0)), field(5, f)]);
      const metadata = field(1, field(1, Buffer.from('scalars'))); // SummaryMetadata.plugin_data.plugin_name
      return field(1, Buffer.concat([field(1, Buffer.from(s.tag)), field(9, metadata), field(8, tensor)]));
    });
    parts.push(field(5, Buffer.concat(values)));
  }
  return Buffer.concat(parts);
}

/**
 * Appends the reports to what the collector reads, in the pod's folder `root` (a path in the pod
 * is a path under it). A new event file starts with its file_version event.
 */
export function writeCollectorReports(root: string, podName: string, spec: MetricsCollectorSpec | undefined, reports: Report[]): void {
  const src = collectorSource(spec);
  if (!src || !reports.length) return;
  const inPod = resolve(root, `.${src.path.startsWith('/') ? '' : '/'}${src.path}`);
  if (inPod !== root && !inPod.startsWith(`${resolve(root)}${sep}`))
    throw new Error(`metrics collector path ${JSON.stringify(src.path)} leaves the pod's file system`);
  if (src.kind === 'File') {
    const file = inPod;
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, reports.map((r) => fileReport(src.format, r)).join(''));
    return;
  }
  const dir = inPod;
  mkdirSync(dir, { recursive: true });
  const first = reports[0] as Report;
  const existing = readdirSync(dir).find((n) => n.startsWith('events.out.tfevents.') && n.endsWith(`.${podName}`));
  const file = join(dir, existing ?? `events.out.tfevents.${Math.floor(first.time.getTime() / 1000)}.${podName}`);
  const records: Buffer[] = [];
  if (!existsSync(file)) records.push(tfRecord(eventProto(first.time.getTime() / 1000, 0, { fileVersion: 'brain.Event:2' })));
  for (const r of reports)
    records.push(tfRecord(eventProto(r.time.getTime() / 1000, r.epoch, { scalars: r.metrics.map((m) => ({ tag: m.name, value: m.value })) })));
  appendFileSync(file, Buffer.concat(records));
}
