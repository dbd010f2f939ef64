// SPDX-License-Identifier: Apache-2.0
/** Notifications in the corner. */
import { useNotices } from '../lib/notify';

/** Renders the visible notifications. */
export function Toasts() {
  const { visible, dismiss } = useNotices();
  return (
    <div className="toasts" aria-live="polite">
      {visible.map((n) => (
        <div key={n.id} className={`toast ${n.level}`} role={n.level === 'error' ? 'alert' : 'status'}>
          <div className="toast-title">{n.title}</div>
          {n.message && <div className="toast-message">{n.message}</div>}
          <button className="toast-close" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
