// SPDX-License-Identifier: Apache-2.0
/**
 * The two 5 MB notebooks of benchmark B5, made deterministically (a seeded generator, no
 * clock, no randomness from outside), so every run and both apps open the same bytes:
 *
 * - `small`: 2,000 small code cells (22–38 lines of Python each) with short outputs
 *   (5–12 lines of stdout and a `text/plain` result);
 * - `large`: 50 cells whose outputs are large: PNG plots (base64, about 140 kB each), HTML
 *   tables of 270 rows as pandas writes them (with their `text/plain` repr) and long training
 *   logs on stdout.
 *
 * Both are nbformat 4.5 (cell ids), serialised as Jupyter writes them (one-space indent,
 * sources and texts as lists of lines).
 */
import { deflateSync } from 'node:zlib';

/** The two shapes. */
export type NotebookShape = 'small' | 'large';

/** What each shape is, in words (for logs). */
export const shapeNames: Record<NotebookShape, string> = {
  small: '2,000 small code cells with short text outputs',
  large: '50 cells with large outputs (PNG plots, HTML tables, long logs)',
};

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits text into Jupyter's list of lines (each but the last keeps its newline). */
function lines(text: string): string[] {
  const parts = text.split('\n');
  return parts.map((l, i) => (i < parts.length - 1 ? `${l}\n` : l)).filter((l) => l !== '');
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * A valid RGB PNG that looks like a noisy line plot on a light background (the noise keeps it
 * from compressing to nothing, as real plots with anti-aliasing and scatter do).
 */
export function plotPng(width: number, height: number, seed: number): Buffer {
  const r = rng(seed);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  const phase = r() * Math.PI * 2;
  const curve = Array.from({ length: width }, (_, x) => Math.round(height / 2 + (height / 3) * Math.sin(phase + (x / width) * 6) * Math.exp(-x / width)));
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const o = row + 1 + x * 3;
      const near = Math.abs((curve[x] as number) - y) <= 1;
      const scatter = r() < 0.04;
      const noise = Math.floor(r() * 24);
      if (near) raw.set([31, 119, 180], o);
      else if (scatter) raw.set([255 - noise * 4, 127, 14 + noise], o);
      else raw.set([255 - noise, 255 - noise, 255 - (noise >> 1)], o);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: 6 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const words = ['loss', 'acc', 'lr', 'batch', 'epoch', 'grad', 'step', 'val', 'train', 'score', 'feat', 'weight', 'bias', 'norm', 'mean', 'std'];

type Cell = Record<string, unknown>;

function codeCell(id: string, source: string, outputs: unknown[], count: number): Cell {
  return { cell_type: 'code', execution_count: count, id, metadata: {}, outputs, source: lines(source) };
}

/** One small cell: a short function or data step, a few printed lines and a result. */
function smallCell(i: number, r: () => number): Cell {
  const w = () => words[Math.floor(r() * words.length)] as string;
  const n = 22 + Math.floor(r() * 17);
  const src: string[] = [`# step ${i}: ${w()} ${w()} for fold ${i % 7}`, `def ${w()}_${i}(x, ${w()}=${(r() * 10).toFixed(3)}):`];
  for (let k = 2; k < n - 3; k++) src.push(`    ${w()}_${k} = x * ${(r() * 3).toFixed(4)} + ${w()} ** ${1 + (k % 3)}  # ${w()} ${w()}`);
  src.push(`    return ${w()}_${Math.max(2, n - 4)}`, `result_${i} = ${w()}_${i}(${(r() * 100).toFixed(2)})`, `print(f"{result_${i}:.4f}")`);
  const out: string[] = [];
  const m = 5 + Math.floor(r() * 8);
  for (let k = 0; k < m; k++) out.push(`${w()}=${(r() * 10).toFixed(5)} ${w()}=${(r() * 10).toFixed(5)} ${w()}=${(r() * 1000).toFixed(1)}`);
  return codeCell(
    `small-${String(i).padStart(4, '0')}`,
    src.join('\n'),
    [
      { name: 'stdout', output_type: 'stream', text: lines(`${out.join('\n')}\n`) },
      { data: { 'text/plain': [`${(r() * 1000).toFixed(6)}`] }, execution_count: i + 1, metadata: {}, output_type: 'execute_result' },
    ],
    i + 1,
  );
}

/** An HTML table of `rows` rows as pandas renders a DataFrame, and its text repr. */
function table(rows: number, r: () => number): { html: string; text: string } {
  const cols = ['epoch', 'train_loss', 'val_loss', 'accuracy', 'precision', 'recall', 'f1', 'lr'];
  const head = `<thead>\n    <tr style="text-align: right;">\n      <th></th>\n${cols.map((c) => `      <th>${c}</th>\n`).join('')}    </tr>\n  </thead>`;
  const body: string[] = [];
  const text: string[] = [`     ${cols.join('  ')}`];
  for (let i = 0; i < rows; i++) {
    const vals = [String(i + 1), ...cols.slice(1).map(() => r().toFixed(6))];
    body.push(`    <tr>\n      <th>${i}</th>\n${vals.map((v) => `      <td>${v}</td>\n`).join('')}    </tr>`);
    if (i < 5 || i >= rows - 5) text.push(`${String(i).padEnd(5)}${vals.join('  ')}`);
    else if (i === 5) text.push('...');
  }
  text.push('', `[${rows} rows x ${cols.length} columns]`);
  const html = `<div>\n<style scoped>\n    .dataframe tbody tr th:only-of-type {\n        vertical-align: middle;\n    }\n</style>\n<table border="1" class="dataframe">\n  ${head}\n  <tbody>\n${body.join('\n')}\n  </tbody>\n</table>\n<p>${rows} rows × ${cols.length} columns</p>\n</div>`;
  return { html, text: text.join('\n') };
}

/** One cell with a large output: a plot, a table or a long log, in turn. */
function largeCell(i: number, r: () => number): Cell {
  const id = `large-${String(i).padStart(2, '0')}`;
  const kind = i % 3;
  if (kind === 0) {
    const png = plotPng(400, 300, 1000 + i).toString('base64');
    return codeCell(
      id,
      `fig, ax = plt.subplots(figsize=(6, 4))\nax.plot(history[${i}]["step"], history[${i}]["loss"])\nax.set_title("run ${i}: loss")\nplt.show()`,
      [{ data: { 'image/png': `${png}\n`, 'text/plain': ['<Figure size 600x400 with 1 Axes>'] }, metadata: {}, output_type: 'display_data' }],
      i + 1,
    );
  }
  if (kind === 1) {
    const t = table(270, r);
    return codeCell(
      id,
      `df_${i} = pd.DataFrame(metrics[${i}])\ndf_${i}`,
      [{ data: { 'text/html': lines(t.html), 'text/plain': lines(t.text) }, execution_count: i + 1, metadata: {}, output_type: 'execute_result' }],
      i + 1,
    );
  }
  const log: string[] = [];
  for (let s = 0; s < 900; s++)
    log.push(
      `[epoch ${String(1 + Math.floor(s / 100)).padStart(2)}] step ${String(s).padStart(5)} loss=${(2 * Math.exp(-s / 400) + r() * 0.05).toFixed(5)} acc=${(1 - Math.exp(-s / 300) - r() * 0.02).toFixed(4)} lr=${(1e-3 * 0.99 ** s).toExponential(3)}`,
    );
  return codeCell(
    id,
    `for step, batch in enumerate(loader_${i}):\n    loss, acc = train_step(model, batch)\n    print(f"[epoch {epoch:2}] step {step:5} loss={loss:.5f} acc={acc:.4f} lr={sched.lr:.3e}")`,
    [{ name: 'stdout', output_type: 'stream', text: lines(`${log.join('\n')}\n`) }],
    i + 1,
  );
}

/** The notebook of a shape, as the JSON text Jupyter would write. */
export function makeNotebook(shape: NotebookShape): string {
  const r = rng(shape === 'small' ? 5 : 50);
  const cells = shape === 'small' ? Array.from({ length: 2000 }, (_, i) => smallCell(i, r)) : Array.from({ length: 50 }, (_, i) => largeCell(i, r));
  const nb = {
    cells,
    metadata: {
      kernelspec: { display_name: 'Python 3 (ipykernel)', language: 'python', name: 'python3' },
      language_info: { name: 'python', version: '3.11.7' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(nb, null, 1)}\n`;
}
