// SPDX-License-Identifier: Apache-2.0
/**
 * Opening a link from a notebook's output or markdown in the user's browser, through main (which
 * opens only http and https links); a refused link is told, not dropped.
 */
import { useCallback } from 'react';
import { appContract } from '../../../shared/features/app/app.contract';
import { api } from '../../lib/api/api-context';
import { notify } from '../../lib/notify';
import { notifyFailed } from './notify-failed';

/** A stable function that opens a URL outside the app. */
export function useOpenLink(): (url: string) => void {
  return useCallback((url: string) => {
    api()
      .call(appContract.openExternal, { url })
      .then((r) => {
        if (!r.opened) notify('warning', 'Link not opened', `MLDeck opens only http and https links: ${url.slice(0, 200)}`);
      })
      .catch((e: unknown) => notifyFailed('Could not open the link', e));
  }, []);
}
