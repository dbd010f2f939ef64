// SPDX-License-Identifier: Apache-2.0
/** An inline explanation of an error, with the hint its code calls for. */
import type { AppError } from '../../shared/errors';
import { describeError } from '../lib/notify';

/** Shows why something failed; RBAC denials get their own wording. */
export function ErrorNote({ error, onRetry }: { error: AppError; onRetry?: () => void }) {
  const d = describeError(error);
  return (
    <div className={`note ${error.code === 'forbidden' ? 'forbidden' : 'error'}`} role="alert" data-code={error.code}>
      <strong>
        {error.code === 'forbidden' ? 'Not allowed: ' : ''}
        {d.title}
      </strong>
      <div>{d.message}</div>
      {onRetry && error.retryable !== false && (
        <button className="btn" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
