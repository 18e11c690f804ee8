import { useState } from 'react';
import type { InterviewRoom, ParticipantRole } from '../../../server/contract/interview.ts';
import { errorMessage } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { joinInterview } from '../interviewApi.ts';

/** Before entering the room: join as the interviewer (types, rates) or as a shadow (watches). */
export function JoinPanel({ room, onJoined }: { room: InterviewRoom; onJoined: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const join = async (role: ParticipantRole) => {
    setBusy(true);
    setError(null);
    try {
      await joinInterview(room.interview.id, role);
      await onJoined();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };
  const { interview } = room;
  return (
    <section className="panel room-join" aria-labelledby="join-title">
      <h1 id="join-title">
        {interview.candidateName}: {interview.title}
      </h1>
      <p>
        {formatDateTime(interview.startsAt)} · {interview.status} ·{' '}
        {interview.participants.length === 0
          ? 'nobody has joined yet'
          : interview.participants.map((p) => `${p.name} (${p.role})`).join(', ')}
      </p>
      <div className="room-join-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          onClick={() => void join('interviewer')}
          data-testid="join-interviewer"
        >
          Join as interviewer
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => void join('shadow')}
          data-testid="join-shadow"
        >
          Join as shadow (read-only)
        </button>
      </div>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
