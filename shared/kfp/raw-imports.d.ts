// SPDX-License-Identifier: Apache-2.0
/** Vite's `?raw` imports (a file's text), used by the unit tests of shared/kfp to read their YAML fixtures. */
declare module '*?raw' {
  const text: string;
  export default text;
}
