// SPDX-License-Identifier: Apache-2.0
/**
 * Where a training job or a KFP run writes TensorBoard logs, found in what it runs: a container's
 * `--logdir`, `--log_dir` or `--log-dir` argument (`--logdir=x` or `--logdir x`), its
 * `TENSORBOARD_LOG_DIR` environment variable, or a KFP task's output artifact named like
 * `tensorboard`. Each is given as the Tensorboard controller reads it: `s3://…` as is (KFP's
 * `minio://bucket/…` as `s3://bucket/…`), and a path in the container as `pvc://<claim>/<path>`
 * when a PersistentVolumeClaim is mounted over it (with its subPath); anything else is listed with
 * why it cannot be used. Where each was found is said (`worker container pytorch: --logdir`).
 */
import { LogsPath } from './tensorboards.contract';

/** A log directory found. */
export interface LogDirFound {
  /** `s3://…` or `pvc://…`. */
  logsPath: string;
  /** Where it was found, in words. */
  where: string;
}

/** A log directory seen but not usable for a Tensorboard, with why. */
export interface LogDirMissed {
  value: string;
  where: string;
  why: string;
}

/** What was found in a job or run. */
export interface LogDirs {
  found: LogDirFound[];
  missed: LogDirMissed[];
}

type Container = { name?: string; args?: unknown; command?: unknown; env?: unknown; volumeMounts?: unknown };
type Volume = { name?: string; persistentVolumeClaim?: { claimName?: string } };
type Mount = { name?: string; mountPath?: string; subPath?: string };

const flags = ['--logdir', '--log_dir', '--log-dir'];

/** The values of the log-dir flags in an argv. */
export function logDirArgs(argv: readonly string[]): { flag: string; value: string }[] {
  const out: { flag: string; value: string }[] = [];
  argv.forEach((a, i) => {
    for (const f of flags) {
      if (a.startsWith(`${f}=`)) out.push({ flag: f, value: a.slice(f.length + 1) });
      else if (a === f && i + 1 < argv.length) out.push({ flag: f, value: argv[i + 1] ?? '' });
    }
    // a shell command line (`sh -c "python train.py --logdir /logs"`)
    if (/\s/.test(a)) for (const m of a.matchAll(/(--log[_-]?dir)(?:=|\s+)(["']?)([^\s"']+)\2/g)) out.push({ flag: m[1] ?? '', value: m[3] ?? '' });
  });
  return out;
}

/** A value as a Tensorboard log directory, given the container's mounts; or why not. */
export function asLogsPath(value: string, mounts: readonly Mount[] = [], volumes: readonly Volume[] = []): { logsPath: string } | { why: string } {
  const v = value.trim().replace(/\/+$/, '');
  if (/^minio:\/\//.test(v)) return asLogsPath(`s3://${v.slice('minio://'.length)}`);
  if (/^s3:\/\//.test(v)) return LogsPath.safeParse(v).success ? { logsPath: v } : { why: 'it is not a valid s3://<bucket>/<prefix>' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return { why: `a Kubeflow Tensorboard reads only s3:// and PVC log directories, not ${v.split(':')[0]}://` };
  if (!v.startsWith('/')) return { why: 'it is a relative path (relative to the container’s working directory)' };
  const claimOf = (name: string | undefined) => volumes.find((x) => x.name === name)?.persistentVolumeClaim?.claimName;
  const over = mounts
    .filter((m) => m.mountPath && claimOf(m.name) && (v === m.mountPath.replace(/\/+$/, '') || v.startsWith(`${m.mountPath.replace(/\/+$/, '')}/`)))
    .sort((a, b) => (b.mountPath ?? '').length - (a.mountPath ?? '').length)[0];
  if (!over) return { why: 'no PersistentVolumeClaim is mounted over it, so it is lost with the pod' };
  const rest = v.slice((over.mountPath ?? '').replace(/\/+$/, '').length).replace(/^\/+/, '');
  const inside = [over.subPath ?? '', rest].filter(Boolean).join('/');
  const p = `pvc://${claimOf(over.name)}${inside ? `/${inside}` : ''}`;
  return LogsPath.safeParse(p).success ? { logsPath: p } : { why: `${p} is not a log directory a Tensorboard can mount` };
}

function strings(x: unknown): string[] {
  return Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];
}

/** The log directories of one pod spec's containers (`what`: "worker", a task's name). */
export function podSpecLogDirs(spec: { containers?: Container[]; volumes?: Volume[] }, what: string, into: LogDirs = { found: [], missed: [] }): LogDirs {
  for (const c of spec.containers ?? []) {
    const mounts = Array.isArray(c.volumeMounts) ? (c.volumeMounts as Mount[]) : [];
    const where = (how: string) => `${what}${c.name ? ` container ${c.name}` : ''}: ${how}`;
    const seen: { value: string; how: string }[] = logDirArgs([...strings(c.command), ...strings(c.args)]).map((a) => ({ value: a.value, how: a.flag }));
    for (const e of Array.isArray(c.env) ? (c.env as { name?: string; value?: string }[]) : []) {
      if (e.name === 'TENSORBOARD_LOG_DIR' && typeof e.value === 'string' && e.value) seen.push({ value: e.value, how: 'TENSORBOARD_LOG_DIR' });
    }
    for (const s of seen) add(into, s.value, where(s.how), asLogsPath(s.value, mounts, spec.volumes ?? []));
  }
  return into;
}

function add(into: LogDirs, value: string, where: string, r: { logsPath: string } | { why: string }): void {
  if ('logsPath' in r) {
    if (!into.found.some((f) => f.logsPath === r.logsPath)) into.found.push({ logsPath: r.logsPath, where });
  } else into.missed.push({ value, where, why: r.why });
}

/** Every pod template of a job's spec (replica specs, TrainJob/JobSet templates), with its role. */
function podSpecsIn(x: unknown, role: string, out: { role: string; spec: { containers?: Container[]; volumes?: Volume[] } }[], depth = 0): void {
  if (depth > 12 || typeof x !== 'object' || x === null) return;
  if (Array.isArray(x)) return x.forEach((y) => podSpecsIn(y, role, out, depth + 1));
  const o = x as Record<string, unknown>;
  if (Array.isArray(o.containers)) {
    out.push({ role, spec: o as { containers?: Container[]; volumes?: Volume[] } });
    return;
  }
  for (const [k, v] of Object.entries(o))
    podSpecsIn(v, /ReplicaSpecs$/.test(k) || k === 'replicatedJobs' ? role : /^[A-Z]/.test(k) ? k.toLowerCase() : role, out, depth + 1);
}

/** The log directories of a training job (every replica's containers). */
export function jobLogDirs(job: { spec?: unknown }): LogDirs {
  const specs: { role: string; spec: { containers?: Container[]; volumes?: Volume[] } }[] = [];
  podSpecsIn(job.spec, 'job', specs);
  const into: LogDirs = { found: [], missed: [] };
  for (const s of specs) podSpecLogDirs(s.spec, s.role, into);
  return into;
}

type IrContainer = { args?: unknown; command?: unknown; env?: unknown };

/**
 * The log directories of a KFP run's pipeline spec (IR): its executors' arguments and
 * environment, and the names of output artifacts that hold TensorBoard logs (found with the run's
 * artifacts: `tensorboardOutputs`).
 */
export function kfpSpecLogDirs(spec: unknown): LogDirs {
  const into: LogDirs = { found: [], missed: [] };
  const ir = (Array.isArray(spec) ? spec[0] : spec) as { deploymentSpec?: { executors?: Record<string, { container?: IrContainer }> } } | undefined;
  for (const [name, ex] of Object.entries(ir?.deploymentSpec?.executors ?? {})) {
    const c = ex.container;
    if (!c) continue;
    podSpecLogDirs({ containers: [{ name: '', args: c.args, command: c.command, env: c.env }] }, `task ${name.replace(/^exec-/, '')}`, into);
  }
  return into;
}

/** Whether an output artifact's name says it holds TensorBoard logs. */
export function isTensorboardOutput(name: string): boolean {
  return /tensorboard|tb[_-]?logs?|^logs?[_-]?dir$/i.test(name);
}
