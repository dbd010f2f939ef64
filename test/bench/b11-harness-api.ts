// SPDX-License-Identifier: Apache-2.0
/** What B11's harness page (b11-harness.tsx) offers its driver (b11-harness-run.ts) as `window.b11`. */

/** The harness's calls. */
export interface B11Harness {
  /**
   * Mounts the run page's graph of a finished 300-task run of the lab's `large` pipeline (its real
   * spec, every task SUCCEEDED, some FAILED/SKIPPED for colour); resolves with the ms until the
   * first boxes are painted and until ELK's layout is applied.
   */
  open(): Promise<{ firstMs: number; laidOutMs: number }>;
  /** Starts ELK's worker as the run page does while it reads the run (resolves when it has answered an empty layout). */
  warm(): Promise<void>;
  /** Unmounts the graph (a new open starts from the page's start; the layout kept in memory stays). */
  close(): void;
}

declare global {
  interface Window {
    b11: B11Harness;
  }
}
