// SPDX-License-Identifier: Apache-2.0
/** The app itself: version, host kind, links that leave the app, notifications. */
import { z } from 'zod';
import { rpc, topic } from '../../ipc/define';
import type { SecretStorage } from './secret-storage';

/** What the renderer learns about its host at start-up. */
export interface AppInfo {
  /** MLDeck's version. */
  version: string;
  /** Which host serves the renderer. */
  host: 'electron' | 'browser';
  /** The data directory (settings, cache). */
  dataDir: string;
  /** The platform main runs on (darwin, win32, linux). */
  platform: string;
  /** Where saved secrets go on this host (see secret-storage.ts for the words shown). */
  secretStorage: SecretStorage;
}

/** A message main pushes to the user (for example an exec plugin's stderr). */
export interface AppNotice {
  level: 'info' | 'warning' | 'error';
  title: string;
  message: string;
}

/** Request to open a link in the system browser; only http(s) URLs are accepted. */
export const OpenExternalRequest = z.object({ url: z.string().min(1).max(4096) });
/** {@link OpenExternalRequest} */
export type OpenExternalRequest = z.infer<typeof OpenExternalRequest>;

export const appContract = {
  info: rpc<Record<string, never>, AppInfo>('app:info', z.object({}).strict()),
  openExternal: rpc<OpenExternalRequest, { opened: boolean }>('app:open-external', OpenExternalRequest),
  notice: topic<AppNotice>('app:notice'),
} as const;
