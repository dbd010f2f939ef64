// SPDX-License-Identifier: Apache-2.0
/**
 * A button for one action the user's RBAC may forbid: disabled while the permission is unknown
 * or busy, and when forbidden disabled with the reason as its title and (unless the page says
 * it elsewhere) in a line under it.
 */

/** Whether an action is allowed, and why not (the shape of every feature's RBAC answer). */
export interface Permission {
  allowed: boolean;
  reason: string;
}

/** Allowed, with nothing to say. */
export const allowed: Permission = { allowed: true, reason: '' };

/** The button. */
export function ActionButton(props: {
  label: string;
  /** Undefined while it is being checked (the button is disabled). */
  permission: Permission | undefined;
  busy?: boolean;
  onClick(): void;
  className?: string;
  testId?: string;
  /** The title when allowed (else the label). */
  title?: string;
  /** false: the reason is said elsewhere on the page, so only the title carries it. */
  explain?: boolean;
}) {
  const denied = props.permission && !props.permission.allowed ? props.permission.reason : undefined;
  const button = (
    <button
      className={`btn ${props.className ?? ''}`}
      onClick={props.onClick}
      disabled={denied !== undefined || props.permission === undefined || props.busy}
      title={denied ?? props.title ?? props.label}
      data-testid={props.testId}
    >
      {props.label}
    </button>
  );
  if (props.explain === false) return button;
  return (
    <div className="action-item">
      {button}
      {denied && <span className="why">{denied}</span>}
    </div>
  );
}
