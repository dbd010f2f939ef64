// SPDX-License-Identifier: Apache-2.0
/** The "Events" table of a detail page: last seen, type, reason, object, message, count. */
import type { EventRow } from '../lib/resources/event-rows';

function time(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** Events as a table (strings from the cluster are shown as text, never as HTML). */
export function EventsTable({ events, testId }: { events: readonly EventRow[]; testId: string }) {
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          <th>Last seen</th>
          <th>Type</th>
          <th>Reason</th>
          <th>Object</th>
          <th>Message</th>
          <th>Count</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.key}>
            <td className="nowrap">{time(e.lastSeen)}</td>
            <td>
              <span className={`pill small ${e.type === 'Warning' ? 'warn' : 'neutral'}`}>{e.type}</span>
            </td>
            <td>{e.reason}</td>
            <td className="mono small">{e.object}</td>
            <td className="pre-line">{e.message}</td>
            <td>{e.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
