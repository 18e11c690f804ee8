import { useState } from 'react';
import type { InvitationRow } from '../../../server/contract/staff.ts';
import { AccommodationForm } from '../accommodations/AccommodationForm.tsx';
import { errorMessage, extendInvitation, revokeInvitation } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { Link } from '../router.tsx';
import './AttemptsTable.css';

const EXTENSIONS = [
  { minutes: 15, label: '+15 min' },
  { minutes: 60, label: '+1 hour' },
  { minutes: 24 * 60, label: '+1 day' },
  { minutes: 7 * 24 * 60, label: '+7 days' },
] as const;

/** Each invited candidate with their status; a manager extends the deadline or revokes from here. */
export function InvitationsTable({
  invitations,
  onChanged,
}: {
  invitations: readonly InvitationRow[];
  onChanged: () => Promise<void>;
}) {
  const [error, setError] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      await onChanged();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  if (invitations.length === 0) return <p className="notice notice-info">Nobody is invited yet.</p>;
  return (
    <>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div className="attempts-table-wrap">
        <table className="attempts-table">
          <thead>
            <tr>
              <th scope="col">Candidate</th>
              <th scope="col">Status</th>
              <th scope="col">Link expires</th>
              <th scope="col">Deadline</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((i) => {
              const open = i.submittedAt === null && i.status !== 'revoked';
              return (
                <tr key={i.attemptId} data-testid="invitation-row" data-candidate-email={i.candidateEmail}>
                  <th scope="row" className="candidate-cell">
                    <span className="candidate-name">{i.candidateName}</span>
                    <span className="candidate-email">{i.candidateEmail}</span>
                  </th>
                  <td>
                    <span
                      className={`attempt-status attempt-status-${i.status}`}
                      data-testid="invitation-status"
                    >
                      {i.status}
                    </span>
                  </td>
                  <td className="date-cell">{i.startedAt ? '—' : formatDateTime(i.expiresAt)}</td>
                  <td className="date-cell">{formatDateTime(i.deadlineAt)}</td>
                  <td>
                    {open ? (
                      <span className="invitation-actions">
                        <select
                          className="select"
                          aria-label={`Extend ${i.candidateName}'s ${i.startedAt ? 'deadline' : 'invitation'}`}
                          value=""
                          onChange={(e) =>
                            void act(() => extendInvitation(i.attemptId, Number(e.target.value)))
                          }
                        >
                          <option value="" disabled>
                            Extend…
                          </option>
                          {EXTENSIONS.map((x) => (
                            <option key={x.minutes} value={x.minutes}>
                              {x.label}
                            </option>
                          ))}
                        </select>
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => {
                            if (
                              window.confirm(
                                `Revoke ${i.candidateName}'s invitation? Their link stops working.`,
                              )
                            )
                              void act(() => revokeInvitation(i.attemptId));
                          }}
                        >
                          Revoke
                        </button>
                        {!i.startedAt && (
                          <AccommodationForm attemptId={i.attemptId} candidateName={i.candidateName} />
                        )}
                      </span>
                    ) : i.submittedAt ? (
                      <Link href={`/staff/attempts/${i.attemptId}`}>Review</Link>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
