// SPDX-License-Identifier: Apache-2.0
/** What B6's harness page (b6-harness.tsx) offers b6-profile.ts as `window.b6`. */

/** The harness's calls. */
export interface B6Harness {
  /** Renders the experiment's charts and trials table over `n` synthetic trials. */
  make(n: number): void;
}

declare global {
  interface Window {
    b6: B6Harness;
  }
}
