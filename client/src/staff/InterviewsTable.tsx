import type { InterviewSummary } from '../../../server/contract/interview.ts';
import { formatDateTime } from '../format.ts';
import { Link } from '../router.tsx';
import './AttemptsTable.css';

const slotEnd = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** The organisation's live interviews: who, when (in local time), how far along, and who joined. */
export function InterviewsTable({ interviews }: { interviews: readonly InterviewSummary[] }) {
  if (interviews.length === 0) return <p className="notice notice-info">No interviews scheduled yet.</p>;
  return (
    <div className="attempts-table-wrap">
      <table className="attempts-table">
        <thead>
          <tr>
            <th scope="col">Candidate</th>
            <th scope="col">Title</th>
            <th scope="col">Slot</th>
            <th scope="col">Status</th>
            <th scope="col">Participants</th>
            <th scope="col">Room</th>
          </tr>
        </thead>
        <tbody>
          {interviews.map((interview) => (
            <tr key={interview.id} data-testid="interview-row">
              <th scope="row" className="candidate-cell">
                {interview.candidateName}
              </th>
              <td>{interview.title}</td>
              <td>
                {formatDateTime(interview.startsAt)} – {slotEnd.format(Date.parse(interview.endsAt))}
              </td>
              <td>
                <span className={`attempt-status attempt-status-${interview.status}`}>
                  {interview.status}
                </span>
              </td>
              <td>
                {interview.participants.length === 0
                  ? '—'
                  : interview.participants.map((p) => `${p.name} (${p.role})`).join(', ')}
              </td>
              <td>
                <Link href={`/staff/interviews/${interview.id}`} data-testid="interview-room-link">
                  Open room
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
