import type { InterviewRoom } from '../../../server/contract/interview.ts';
import { Countdown } from '../attempt/Countdown.tsx';
import { formatDateTime } from '../format.ts';

const slotEnd = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** Who is interviewed, when, the call, and the time left (to the attempt's deadline, else the slot's end). */
export function RoomHeader({ room }: { room: InterviewRoom }) {
  const { interview, me, deadlineAt } = room;
  const endMs = Date.parse(deadlineAt ?? interview.endsAt);
  return (
    <header className="room-header">
      <div>
        <h1 className="room-title">
          {interview.candidateName} <span className="room-hint">· {interview.title}</span>
        </h1>
        <p className="room-meta">
          {formatDateTime(interview.startsAt)} – {slotEnd.format(Date.parse(interview.endsAt))} ·{' '}
          <span data-testid="interview-status">{interview.status}</span> · you are the{' '}
          <strong data-testid="my-role">{me.role}</strong>
        </p>
      </div>
      {interview.meetingUrl && (
        <a
          className="button"
          href={interview.meetingUrl}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="meeting-link"
        >
          Join the call
        </a>
      )}
      {interview.status === 'in_progress' && !Number.isNaN(endMs) && (
        <Countdown deadlineMs={endMs} offsetMs={0} />
      )}
    </header>
  );
}
