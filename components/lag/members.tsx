'use client';

import type { UiGroupResponse } from '@/lib/api/ui-types';

/** The group's members with what each one is assigned. */
export function Members({ data }: { data: UiGroupResponse }) {
  if (data.members.length === 0) {
    return (
      <p className="empty small" data-testid="no-members">
        No active members (group state <strong>{data.state}</strong>): nothing is consuming. Start the
        consumers, or use a recovery action below to drain or move the backlog.
      </p>
    );
  }
  return (
    <table className="simple-table" data-testid="members">
      <thead>
        <tr>
          <th>Client</th>
          <th>Host</th>
          <th>Member id</th>
          <th>Assigned partitions</th>
        </tr>
      </thead>
      <tbody>
        {data.members.map((m) => (
          <tr key={m.memberId}>
            <td>{m.clientId}</td>
            <td className="mono small">{m.host}</td>
            <td className="mono small truncate" title={m.memberId} style={{ maxWidth: '16rem' }}>
              {m.memberId}
            </td>
            <td>
              {m.assignments.length === 0
                ? '—'
                : m.assignments.map((a) => `${a.topic} [${a.partitions.join(', ')}]`).join('; ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
