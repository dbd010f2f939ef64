// SPDX-License-Identifier: Apache-2.0
/** The data directory: `MLDECK_HOME` when set (tests run isolated with it), else the platform default. */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Resolves and creates the data directory.
 * @param platformDefault - Electron's userData path; browser mode passes undefined
 */
export function dataDirectory(platformDefault?: string): string {
  const fromEnv = process.env.MLDECK_HOME;
  let dir: string;
  if (fromEnv) dir = resolve(fromEnv);
  else if (platformDefault) dir = platformDefault;
  else if (process.platform === 'darwin') dir = join(homedir(), 'Library', 'Application Support', 'MLDeck');
  else if (process.platform === 'win32') dir = join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'MLDeck');
  else dir = join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'mldeck');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
