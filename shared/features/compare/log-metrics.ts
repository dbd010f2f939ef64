// SPDX-License-Identifier: Apache-2.0
/**
 * A training job's metrics read from its kept log lines, for the comparison. Each line is read by
 * shared/kube/log-progress.ts's `parseProgressLine`: `key=value` and `key: value` pairs (also
 * `'key': value` as HuggingFace prints dicts) whose name is metric-like (`loss`, `val_loss`,
 * `accuracy`, `acc`, `f1`, `auc`, `perplexity`, `rmse`, … — `lr=0.001` or `gpu_mem=61.2GiB` are
 * not metrics), with the step from `step=N`, `Step N/M`, `iteration N` or a tqdm bar, carried over
 * to later lines until the next one. A metric's point is (step, time of the line, value); where
 * the log states no step, the step is the metric's report number (1, 2, …). The final value of a
 * metric is its last point.
 */
import { parseProgressLine } from '../../kube/log-progress';
import type { MetricSeries } from './compare-model';

/** The metric series and final values of log lines (oldest first). */
export function metricsFromLog(lines: readonly { time?: string; text: string }[]): { series: MetricSeries[]; final: Record<string, number> } {
  const byName = new Map<string, MetricSeries>();
  let step: number | undefined;
  for (const line of lines) {
    const p = parseProgressLine(line.text);
    if (!p) continue;
    if (p.step !== undefined) step = p.step;
    const t = line.time ? Date.parse(line.time) : NaN;
    for (const [metric, value] of Object.entries(p.metrics)) {
      let s = byName.get(metric);
      if (!s) byName.set(metric, (s = { metric, steps: [], times: [], values: [] }));
      s.steps.push(step ?? s.values.length + 1);
      s.times.push(Number.isFinite(t) ? t : null);
      s.values.push(value);
    }
  }
  const series = [...byName.values()].sort((a, b) => a.metric.localeCompare(b.metric));
  const final: Record<string, number> = {};
  for (const s of series) final[s.metric] = s.values[s.values.length - 1] as number;
  return { series, final };
}

/**
 * A job's parameters from its primary container's arguments and environment: `--name=value`,
 * `--name value` and `-n value` arguments (a flag with no value is `true`; a shell line is split into
 * words), and each environment
 * variable with a literal value as `env:NAME`. Values are strings as written.
 */
export function paramsFromArgs(args: readonly string[], env: readonly { name: string; value?: string }[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  // a shell line (`bash -c "torchrun … --lr 0.1"`) is read word by word
  const words = args.flatMap((a) => (/\s/.test(a) && !a.startsWith('-') ? a.split(/\s+/).filter(Boolean) : [a]));
  for (let i = 0; i < words.length; i++) {
    const a = words[i] as string;
    const m = /^--?([A-Za-z_][\w.-]*)(?:=(.*))?$/s.exec(a);
    if (!m || /^-?\d/.test(a.slice(1))) continue;
    const name = m[1] as string;
    if (m[2] !== undefined) out[name] = m[2];
    else {
      const next = words[i + 1];
      if (next !== undefined && (!next.startsWith('-') || /^-\d/.test(next))) {
        out[name] = next;
        i++;
      } else out[name] = 'true';
    }
  }
  for (const e of env) if (e.value !== undefined) out[`env:${e.name}`] = e.value;
  return out;
}
