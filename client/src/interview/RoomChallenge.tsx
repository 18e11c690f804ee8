import { useState } from 'react';
import type { DimensionId } from '../../../server/contract/api.ts';
import type { InterviewRoom, ParticipantRole } from '../../../server/contract/interview.ts';
import { Markdown } from '../components/Markdown.tsx';
import { InterviewerPanel } from './InterviewerPanel.tsx';
import { SharedFiles } from './SharedFiles.tsx';
import { StaffTerminal } from './StaffTerminal.tsx';
import type { RatingsState } from './useRatings.ts';
import { useSharedChallenge } from './useSharedChallenge.ts';

/** One challenge of the room: its brief, the shared files and terminal, and the interviewer panel. */
export function RoomChallenge({
  room,
  challenge,
  role,
  started,
  closed,
  dimensionTitles,
  ratings,
}: {
  room: InterviewRoom;
  challenge: InterviewRoom['challenges'][number];
  role: ParticipantRole;
  /** The candidate started: their files (and environment) exist. */
  started: boolean;
  /** The attempt is over, or this challenge is submitted: everything is read-only. */
  closed: boolean;
  dimensionTitles: ReadonlyMap<DimensionId, string>;
  ratings: RatingsState;
}) {
  const { interview } = room;
  const [briefOpen, setBriefOpen] = useState(false);
  return (
    <div className="room-challenge">
      <div className="room-work">
        <section className="room-brief" aria-label="Brief">
          <button
            type="button"
            className="button button-small"
            aria-expanded={briefOpen}
            onClick={() => setBriefOpen((open) => !open)}
            data-testid="brief-toggle"
          >
            {briefOpen ? 'Hide brief' : 'Show brief'}
          </button>
          {challenge.submitted && <span className="room-hint">The candidate submitted this challenge.</span>}
          {briefOpen && <Markdown source={challenge.brief} className="room-brief-text" />}
        </section>
        {started && (
          <RoomFiles
            interviewId={interview.id}
            attemptId={interview.attemptId}
            slug={challenge.slug}
            readOnly={closed || role === 'shadow'}
          />
        )}
        {started && challenge.mode === 'live' && !closed && (
          <StaffTerminal interviewId={interview.id} slug={challenge.slug} role={role} />
        )}
      </div>
      <InterviewerPanel
        interviewId={interview.id}
        challenge={challenge}
        role={role}
        notes={room.notes}
        dimensionTitles={dimensionTitles}
        ratings={ratings}
      />
    </div>
  );
}

/** The shared files, connected while shown (only once the candidate started: the server fills them then). */
function RoomFiles({
  interviewId,
  attemptId,
  slug,
  readOnly,
}: {
  interviewId: string;
  attemptId: string;
  slug: string;
  readOnly: boolean;
}) {
  const shared = useSharedChallenge(interviewId, attemptId, slug);
  if (!shared) return <p className="room-hint">Connecting to the shared files…</p>;
  return <SharedFiles shared={shared} slug={slug} readOnly={readOnly} />;
}
