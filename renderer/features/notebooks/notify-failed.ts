// SPDX-License-Identifier: Apache-2.0
/** A failure notification that says what the user was doing. */
import { describeError, notify } from '../../lib/notify';

/**
 * Shows "<what>" with the error's explanation.
 * @param what - what failed, e.g. "Could not save train.ipynb"
 */
export function notifyFailed(what: string, e: unknown): void {
  const d = describeError(e);
  notify('error', what, [d.title, d.message].filter(Boolean).join(' '));
}
