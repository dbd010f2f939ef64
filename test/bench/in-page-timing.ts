// SPDX-License-Identifier: Apache-2.0
/**
 * Times a page of the app opening, in the page itself: from the route change to the frame after
 * the one that first showed the page ready. Used by B6 and B11 for their first-render figures:
 * timing the same from the test driver adds its round trips to Chromium (setting the route,
 * polling for the page, waiting for a frame: three or more, 10-20 ms each here and far more
 * under load), which no user waits for. As text for `page.evaluate`: the benchmarks run under
 * tsx, whose helpers (__name) do not exist in the page.
 */

/** What {@link openTimedScript} resolves with, ms from the route change. */
export interface OpenTiming {
  /** The DOM first showed the page ready. */
  readyMs: number;
  /** The frame after the one that showed it began: that frame was painted. */
  paintedMs: number;
}

/**
 * A script that changes the route to `hash` and resolves with {@link OpenTiming} once `ready`
 * (a JS expression, checked on every DOM change) is true.
 */
export function openTimedScript(hash: string, ready: string, timeoutMs = 300_000): string {
  return `new Promise((resolve, reject) => {
    const isReady = () => { try { return !!(${ready}); } catch { return false; } };
    let done = false;
    const observer = new MutationObserver(() => { if (!done && isReady()) finish(); });
    const timer = setTimeout(() => { done = true; observer.disconnect(); reject(new Error('the page was not ready after ${timeoutMs} ms')); }, ${timeoutMs});
    const t0 = performance.now();
    const finish = () => {
      done = true;
      observer.disconnect();
      clearTimeout(timer);
      const readyMs = performance.now() - t0;
      requestAnimationFrame(() => requestAnimationFrame(() => resolve({ readyMs, paintedMs: performance.now() - t0 })));
    };
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    window.location.hash = ${JSON.stringify(hash)};
  })`;
}
