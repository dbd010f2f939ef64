// SPDX-License-Identifier: Apache-2.0
/**
 * The `Host` header check of the browser host (a defence against DNS rebinding): a page on
 * another name that resolves to 127.0.0.1 sends its own name as Host, so only the loopback
 * names the host listens on, with its port, are served.
 */

/** The Host values the host answers to when it listens on 127.0.0.1:`port`. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** Is this Host header one of `allowed` (names compared without case)? */
export function hostAllowed(host: string | undefined, allowed: readonly string[]): boolean {
  if (!host) return false;
  const h = host.trim().toLowerCase();
  return allowed.includes(h);
}
