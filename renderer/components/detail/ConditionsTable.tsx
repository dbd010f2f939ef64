// SPDX-License-Identifier: Apache-2.0
/**
 * An object's conditions as a table, with the columns (and their order) the page chooses:
 * "Time" or "Since" (when the condition last changed), type, status, reason, message.
 */
import { Fragment } from 'react';
import { dateTime } from '../../lib/date-time';

/** One condition as the table reads it. */
export interface ConditionRow {
  type?: string | undefined;
  status?: string | undefined;
  reason?: string | undefined;
  message?: string | undefined;
  /** When it last changed. */
  at?: string | undefined;
}

/** A column of the table. */
export type ConditionColumn = 'time' | 'since' | 'type' | 'status' | 'reason' | 'message';

const titles: Record<ConditionColumn, string> = { time: 'Time', since: 'Since', type: 'Type', status: 'Status', reason: 'Reason', message: 'Message' };

/**
 * The table. By default a condition that is not True is muted; with `statusPill` its status is a
 * coloured pill instead (and the row carries `data-type` and `data-status`).
 */
export function ConditionsTable(props: { testId: string; conditions: ConditionRow[]; columns: ConditionColumn[]; statusPill?: boolean }) {
  const cell = (c: ConditionRow, col: ConditionColumn) => {
    switch (col) {
      case 'time':
      case 'since':
        return <td className="nowrap">{dateTime(c.at)}</td>;
      case 'status':
        return props.statusPill ? (
          <td>
            <span className={`pill small ${c.status === 'True' ? 'ok' : c.status === 'False' ? 'error' : 'neutral'}`}>{c.status}</span>
          </td>
        ) : (
          <td>{c.status}</td>
        );
      case 'type':
        return <td>{c.type}</td>;
      case 'reason':
        return <td>{c.reason ?? ''}</td>;
      case 'message':
        return <td className="pre-line">{c.message ?? ''}</td>;
    }
  };
  return (
    <table className="table" data-testid={props.testId}>
      <thead>
        <tr>
          {props.columns.map((col) => (
            <th key={col}>{titles[col]}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.conditions.map((c, i) => (
          <tr
            key={`${c.type ?? ''}-${i}`}
            {...(props.statusPill ? { 'data-type': c.type, 'data-status': c.status } : { className: c.status === 'True' ? '' : 'muted' })}
          >
            {props.columns.map((col) => (
              <Fragment key={col}>{cell(c, col)}</Fragment>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
