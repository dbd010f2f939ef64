// SPDX-License-Identifier: Apache-2.0
/** The one rule for links that leave the app: parsed, http or https only, no credentials. */

/** Returns the parsed URL when it may be opened outside the app, otherwise undefined. */
export function parseExternalUrl(raw: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  if (!url.hostname) return undefined;
  return url;
}
