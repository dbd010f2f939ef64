// SPDX-License-Identifier: Apache-2.0
/**
 * Training progress read from log lines that follow common patterns: `step=10`, `Step 10/1000`,
 * `epoch=2`, `Epoch 3/10`, `loss=0.123`, `loss: 0.123`, `val_loss`, `accuracy=`, `acc:`, tqdm bars
 * (`45%|████| 450/1000`), Keras (`Epoch 3/10` then `... - loss: 0.12 - accuracy: 0.9`) and
 * HuggingFace (`{'loss': 0.5, 'epoch': 1.2}`). Metrics become series over step (or epoch, or time
 * when the log has neither).
 */

/** What one line says. */
export interface LineProgress {
  step?: number;
  totalSteps?: number;
  epoch?: number;
  totalEpochs?: number;
  /** tqdm's percentage. */
  percent?: number;
  /** Metric values by name (`loss`, `val_loss`, `accuracy`, …). */
  metrics: Record<string, number>;
}

/** A metric over the x axis. */
export interface ProgressSeries {
  name: string;
  points: { t: number; v: number }[];
}

/** Everything read so far. */
export interface TrainingProgress {
  /** What `t` is in the series: a step, an epoch, or ms since epoch. */
  x: 'step' | 'epoch' | 'time';
  series: ProgressSeries[];
  latest: Omit<LineProgress, 'metrics'> & { metrics: Record<string, number>; at?: number };
  /** Lines that said anything. */
  lines: number;
}

const num = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
/** `name=1.5`, `name: 1.5`, `'name': 1.5`, `"name": 1.5`; the number must end there (not `61.2GiB`). */
const pairRe = new RegExp(String.raw`(?:^|[\s{,;(\[|-])['"]?([A-Za-z_][\w./-]*?)['"]?\s*[=:]\s*(${num})(?![\w.%])`, 'g');
const metricName = /(loss|acc|accuracy|f1|precision|recall|perplexity|ppl|auc|mse|mae|rmse|bleu|rouge|reward|score|error|top[-_]?[15]|iou|dice)/i;
const stepNames = new Set(['step', 'global_step', 'globalstep', 'iter', 'iteration', 'steps']);
const epochNames = new Set(['epoch', 'epochs']);
/** `Step 10/1000`, `step [10/1000]`, `Iteration 10 of 100`, `step 10` (word, number). */
const stepOfRe = /(?<![\w/.-])(?:global[_ ]?step|step|iter(?:ation)?)(?:\s*[:#]\s*|\s*\[\s*|\s+)(\d+)(?!\.?\w)\s*(?:(?:\/|\bof\b)\s*(\d+))?/i;
const epochOfRe = /(?<![\w/.-])epoch(?:\s*[:#]\s*|\s*\[\s*|\s+)(\d+(?:\.\d+)?)(?![\w.])\s*(?:(?:\/|\bof\b)\s*(\d+))?/i;
/** tqdm: ` 45%|████▌     | 450/1000 [00:10<00:12, 44.1it/s]`. */
const tqdmRe = /(\d{1,3})%\|[^|]*\|\s*(\d+)\/(\d+)/;

/** Reads the progress one line states, or undefined when it states none. */
export function parseProgressLine(text: string): LineProgress | undefined {
  if (text.length > 4000) text = text.slice(0, 4000);
  const out: LineProgress = { metrics: {} };
  let any = false;
  const tq = tqdmRe.exec(text);
  if (tq) {
    out.percent = Number(tq[1]);
    out.step = Number(tq[2]);
    out.totalSteps = Number(tq[3]);
    any = true;
  }
  for (const m of text.matchAll(pairRe)) {
    const name = (m[1] as string).toLowerCase();
    const value = Number(m[2]);
    if (!Number.isFinite(value)) continue;
    if (stepNames.has(name)) {
      out.step = value;
      any = true;
    } else if (epochNames.has(name)) {
      out.epoch = value;
      any = true;
    } else if (metricName.test(name)) {
      out.metrics[name] = value;
      any = true;
    }
  }
  if (out.step === undefined) {
    const s = stepOfRe.exec(text);
    if (s) {
      out.step = Number(s[1]);
      if (s[2]) out.totalSteps = Number(s[2]);
      any = true;
    }
  } else if (out.totalSteps === undefined) {
    const s = stepOfRe.exec(text);
    if (s?.[2] && Number(s[1]) === out.step) out.totalSteps = Number(s[2]);
  }
  const e = epochOfRe.exec(text);
  if (e) {
    if (out.epoch === undefined) out.epoch = Number(e[1]);
    if (e[2] && Number(e[1]) === out.epoch) out.totalEpochs = Number(e[2]);
    any = true;
  }
  return any ? out : undefined;
}

interface Sample {
  step: number | undefined;
  epoch: number | undefined;
  time: number | undefined;
  v: number;
}

/** Reads progress from lines as they come; bounded in memory (old samples are thinned). */
export class ProgressTracker {
  private readonly samples = new Map<string, Sample[]>();
  private step: number | undefined;
  private epoch: number | undefined;
  private latest: TrainingProgress['latest'] = { metrics: {} };
  private sawStep = false;
  private sawEpoch = false;
  private count = 0;

  /** @param maxPoints - samples kept per metric; beyond it every other old one is dropped */
  constructor(private readonly maxPoints = 4000) {}

  /** Adds lines (oldest first). `time` is the RFC 3339 stamp, if any. */
  add(lines: readonly { time?: string; text: string }[]): void {
    for (const line of lines) {
      const p = parseProgressLine(line.text);
      if (!p) continue;
      this.count++;
      const time = line.time ? Date.parse(line.time) : NaN;
      const at = Number.isFinite(time) ? time : undefined;
      // step and epoch carry over to later lines: Keras prints "Epoch 3/10" alone, then its metrics
      if (p.step !== undefined) {
        this.step = p.step;
        this.sawStep = true;
      }
      if (p.epoch !== undefined) {
        this.epoch = p.epoch;
        this.sawEpoch = true;
      }
      const l = this.latest;
      if (p.step !== undefined) l.step = p.step;
      if (p.totalSteps !== undefined) l.totalSteps = p.totalSteps;
      if (p.epoch !== undefined) l.epoch = p.epoch;
      if (p.totalEpochs !== undefined) l.totalEpochs = p.totalEpochs;
      if (p.percent !== undefined) l.percent = p.percent;
      if (at !== undefined) l.at = at;
      for (const [name, v] of Object.entries(p.metrics)) {
        l.metrics[name] = v;
        const list = this.samples.get(name) ?? [];
        list.push({ step: this.step, epoch: this.epoch, time: at, v });
        if (list.length > this.maxPoints) thin(list);
        this.samples.set(name, list);
      }
    }
  }

  /** The series and the latest values. */
  result(): TrainingProgress {
    const x: TrainingProgress['x'] = this.sawStep ? 'step' : this.sawEpoch ? 'epoch' : 'time';
    const series: ProgressSeries[] = [];
    for (const [name, list] of this.samples) {
      const byX = new Map<number, number>();
      for (const s of list) {
        const t = x === 'step' ? s.step : x === 'epoch' ? s.epoch : s.time;
        if (t !== undefined) byX.set(t, s.v); // the last value at an x wins
      }
      const points = [...byX].map(([t, v]) => ({ t, v })).sort((a, b) => a.t - b.t);
      if (points.length) series.push({ name, points });
    }
    series.sort((a, b) => a.name.localeCompare(b.name));
    return { x, series, latest: { ...this.latest, metrics: { ...this.latest.metrics } }, lines: this.count };
  }
}

/** Drops every other sample of the older half, so the list stays bounded and keeps its shape. */
function thin(list: Sample[]): void {
  const half = Math.floor(list.length / 2);
  let w = 0;
  for (let r = 0; r < half; r += 2) list[w++] = list[r] as Sample;
  for (let r = half; r < list.length; r++) list[w++] = list[r] as Sample;
  list.length = w;
}

/** Reads progress from a whole set of lines. */
export function readProgress(lines: readonly { time?: string; text: string }[]): TrainingProgress {
  const t = new ProgressTracker();
  t.add(lines);
  return t.result();
}
