import type { DimensionId } from '../../../server/contract/api.ts';
import type { InterviewRoom, ParticipantRole } from '../../../server/contract/interview.ts';
import { Markdown } from '../components/Markdown.tsx';
import { VariantLabel } from '../staff/VariantLabel.tsx';
import { Complications } from './Complications.tsx';
import { InterviewNotes } from './InterviewNotes.tsx';
import { QuickRatings } from './QuickRatings.tsx';
import type { RatingsState } from './useRatings.ts';

type RoomChallenge = InterviewRoom['challenges'][number];

/**
 * What only the interview team sees for one challenge: the guide, private notes, quick ratings and
 * (for an interviewer of a live challenge) the complications. Never part of a candidate page.
 */
export function InterviewerPanel({
  interviewId,
  challenge,
  role,
  notes,
  dimensionTitles,
  ratings,
}: {
  interviewId: string;
  challenge: RoomChallenge;
  role: ParticipantRole;
  notes: InterviewRoom['notes'];
  dimensionTitles: ReadonlyMap<DimensionId, string>;
  ratings: RatingsState;
}) {
  const dimensions = challenge.dimensions.map((id) => ({ id, title: dimensionTitles.get(id) ?? id }));
  return (
    <aside className="room-panel" aria-label="Interviewer panel" data-testid="interviewer-panel">
      <section className="room-section" aria-label="Interviewer guide">
        <h3>Guide</h3>
        <VariantLabel label={challenge.variant} />
        {challenge.guide ? (
          <Markdown source={challenge.guide} className="room-guide" />
        ) : (
          <p className="room-hint">This challenge has no interviewer guide.</p>
        )}
      </section>
      <InterviewNotes interviewId={interviewId} slug={challenge.slug} initial={notes} />
      {role === 'interviewer' && (
        <QuickRatings
          dimensions={dimensions}
          ratings={ratings.values}
          saving={ratings.saving}
          error={ratings.error}
          onRate={ratings.rate}
        />
      )}
      {role === 'interviewer' && challenge.mode === 'live' && (
        <Complications
          interviewId={interviewId}
          slug={challenge.slug}
          complications={challenge.complications}
        />
      )}
    </aside>
  );
}
