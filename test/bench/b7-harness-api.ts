// SPDX-License-Identifier: Apache-2.0
/** What B7's harness page (b7-harness.tsx) offers the benchmark as `window.b7`. */

/** The harness's calls. */
export interface B7Harness {
  /** Makes `runs` histories of `points` points; returns their size in characters. */
  make(runs: number, points: number): number;
  /** Decodes every history into typed arrays; returns the ms it took. */
  decode(): number;
  /** Renders the chart of the decoded series; resolves with the ms until its first frame is painted. */
  render(): Promise<number>;
  /** Removes the chart. */
  clear(): void;
  /** Points of every decoded run with x in [from, to], plus each run's neighbour on either side (what a zoomed chart draws). */
  pointsIn(from: number, to: number): number;
  /** Switches the app's theme (as the top bar's Theme select does). */
  theme(t: 'light' | 'dark'): void;
}

declare global {
  interface Window {
    b7: B7Harness;
  }
}
