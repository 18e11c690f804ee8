import { useEffect, useMemo, useState } from 'react';
import type { Catalogue, DimensionId } from '../../../server/contract/api.ts';
import type { InterviewRoom, ParticipantRole } from '../../../server/contract/interview.ts';
import { RoomChallenge } from './RoomChallenge.tsx';
import { RoomHeader } from './RoomHeader.tsx';
import { useRatings } from './useRatings.ts';
import '../attempt/AttemptWorkspace.css';
import '../attempt/ChallengeWorkspace.css';
import './InterviewRoom.css';

/** Until the candidate starts, the room asks again this often. */
const START_POLL_MS = 5000;

/** The joined room: the header, a tab per challenge, and the active challenge's work and panel. */
export function InterviewRoomView({
  room,
  role,
  catalogue,
  onRefresh,
}: {
  room: InterviewRoom;
  role: ParticipantRole;
  catalogue: Catalogue;
  /** Reads the room again (to learn that the candidate started). */
  onRefresh: () => Promise<void>;
}) {
  const notStarted = room.interview.status === 'not_started';
  useEffect(() => {
    if (!notStarted) return;
    const timer = setInterval(() => void onRefresh().catch(() => {}), START_POLL_MS);
    return () => clearInterval(timer);
  }, [notStarted, onRefresh]);
  const [activeSlug, setActiveSlug] = useState(room.challenges[0]?.slug ?? '');
  const ratings = useRatings(room.interview.id, room.ratings);
  const dimensionTitles = useMemo(
    () => new Map<DimensionId, string>(catalogue.dimensions.map((d) => [d.id, d.title])),
    [catalogue],
  );
  const active = room.challenges.find((c) => c.slug === activeSlug) ?? room.challenges[0];
  const over = room.interview.status === 'submitted' || room.interview.status === 'expired';
  return (
    <div className="interview-room">
      <RoomHeader room={room} />
      <div className="challenge-tabs" role="tablist" aria-label="Challenges">
        {room.challenges.map((challenge) => (
          <button
            key={challenge.slug}
            type="button"
            role="tab"
            id={`room-tab-${challenge.slug}`}
            aria-selected={challenge.slug === active?.slug}
            aria-controls="room-panel"
            className="challenge-tab"
            onClick={() => setActiveSlug(challenge.slug)}
            data-testid={`room-tab-${challenge.slug}`}
          >
            {challenge.title}
            {challenge.submitted && <span className="tab-submitted">submitted</span>}
          </button>
        ))}
      </div>
      {notStarted && (
        <p className="notice notice-info" role="status" data-testid="waiting-for-candidate">
          The candidate has not started yet. Their files and terminal appear here as soon as they do.
        </p>
      )}
      {active && (
        <div id="room-panel" role="tabpanel" aria-labelledby={`room-tab-${active.slug}`}>
          <RoomChallenge
            key={active.slug}
            room={room}
            challenge={active}
            role={role}
            started={!notStarted}
            closed={over || active.submitted}
            dimensionTitles={dimensionTitles}
            ratings={ratings}
          />
        </div>
      )}
    </div>
  );
}
