// SPDX-License-Identifier: Apache-2.0
/** Handlers of the app contract. */
import { AppError } from '../../../shared/errors';
import type { AppInfo, appContract } from '../../../shared/features/app/app.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import { parseExternalUrl } from '../../platform/external-url';

/**
 * @param info - what the renderer learns at start-up
 * @param openExternal - the host's way to open a link (browser mode answers false: the page opens it)
 */
export function appHandlers(info: AppInfo, openExternal: (url: string) => Promise<boolean>): HandlerMap<typeof appContract> {
  return {
    info: () => info,
    openExternal: async ({ url }) => {
      const parsed = parseExternalUrl(url);
      if (!parsed) throw new AppError('validation', 'Only http and https links can be opened.', url.slice(0, 200));
      return { opened: await openExternal(parsed.toString()) };
    },
  };
}
