// SPDX-License-Identifier: Apache-2.0
/** The Content-Security-Policy of the renderer, the same in both hosts. */

/**
 * The CSP for the app's pages. Scripts only from the app itself; Monaco needs inline styles
 * and blob workers; connections only to the app's own origin (and its WebSocket).
 * @param wsOrigin - the ws:// origin of the browser host, when there is one
 */
export function contentSecurityPolicy(wsOrigin?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${wsOrigin ? ` ${wsOrigin}` : ''}`,
    "worker-src 'self' blob:",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Response headers every page and asset of the app carries. */
export function securityHeaders(wsOrigin?: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(wsOrigin),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}
