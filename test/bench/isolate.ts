// SPDX-License-Identifier: Apache-2.0
/**
 * Runs one benchmark workload so that nothing it does can end the run: its rejection, an
 * unhandled rejection or uncaught exception raised while it runs (a stray timer, a stream
 * callback), or a hang past its time limit each become `miss` results with the error, one per
 * result the workload was expected to report, and the runner goes on with the next workload.
 */
import { failed, type BenchResult } from './report';

/** A result a workload promises to report (printed as a miss with the error if it cannot). */
export type ExpectedResult = Pick<BenchResult, 'id' | 'what' | 'goal'>;

/** One workload of the runner. */
export interface Workload {
  /** The ids it measures (the runner's arguments select workloads by these). */
  ids: string[];
  /** Every result it reports when it works (with `named: false`, what it reports when it fails). */
  expected: ExpectedResult[];
  /** False for a workload whose results are named as it goes (B5); default true. */
  named?: boolean;
  run(): Promise<BenchResult[]>;
  /** Give up after this long (default 30 min). */
  timeoutMs?: number;
}

type Fault = (error: unknown) => void;

let current: Fault | undefined;
let installed = false;

/**
 * Process-wide: an unhandled rejection or uncaught exception fails the workload running at the
 * time (if none runs, it is only reported) instead of ending the process.
 */
function installHandlers(log: (m: string) => void): void {
  if (installed) return;
  installed = true;
  const onFault = (kind: string) => (error: unknown) => {
    log(`${kind}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    current?.(new Error(`${kind}: ${error instanceof Error ? error.message : String(error)}`));
  };
  process.on('unhandledRejection', onFault('unhandled rejection'));
  process.on('uncaughtException', onFault('uncaught exception'));
}

/**
 * Runs `w` isolated; always resolves, with one result per expected result (the workload's own,
 * or a miss carrying the error) plus any further results it reported.
 */
export async function runIsolated(w: Workload, log: (m: string) => void = (m) => process.stderr.write(`[bench] ${m}\n`)): Promise<BenchResult[]> {
  installHandlers(log);
  const timeoutMs = w.timeoutMs ?? 30 * 60_000;
  let timer: NodeJS.Timeout | undefined;
  let fault: Fault = () => undefined;
  const faulted = new Promise<never>((_, reject) => {
    fault = reject;
    timer = setTimeout(() => reject(new Error(`did not finish within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  });
  current = fault;
  try {
    const got = await Promise.race([w.run(), faulted]);
    if (w.named === false) return got;
    const missing = w.expected.filter((e) => !got.some((r) => r.id === e.id && r.what === e.what));
    return [...got, ...missing.map((e) => failed(e, new Error('the workload did not report this result')))];
  } catch (e) {
    log(`${w.ids.join('/')} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return w.expected.map((x) => failed(x, e));
  } finally {
    clearTimeout(timer);
    if (current === fault) current = undefined;
  }
}
