import type { Catalogue } from '../challenges/load.ts';
import { challengeVariant, variantLabelOf } from '../challenges/variants.ts';
import { attemptPhase } from '../commands/attempt-state.ts';
import type { DimensionId } from '../contract/api.ts';
import type { InterviewRoom, InterviewSummary, ParticipantRole } from '../contract/interview.ts';
import type { InterviewRow } from '../queries/interviews.ts';
import type { StaffUserRow } from '../queries/staff.ts';

export function presentInterviewSummary(interview: InterviewRow): InterviewSummary {
  return {
    id: interview.id,
    title: interview.title,
    candidateName: interview.candidateName,
    startsAt: interview.startsAt.toISOString(),
    endsAt: interview.endsAt.toISOString(),
    meetingUrl: interview.meetingUrl,
    attemptId: interview.attemptId,
    status: attemptPhase(interview),
    challengeSlugs: interview.challengeSlugs,
    participants: interview.participants.map(({ name, role }) => ({ name, role })),
  };
}

/**
 * What a staff member sees in the interview room: the briefs, and, for staff only, each challenge's
 * interviewer guide and complications (titles and what they do; never their scripts), with their own
 * notes and quick ratings.
 */
export function presentInterviewRoom(
  interview: InterviewRow,
  catalogue: Catalogue,
  view: {
    user: StaffUserRow;
    role: ParticipantRole | null;
    submitted: ReadonlySet<string>;
    notes: { id: string; challengeSlug: string; seq: number; body: string; createdAt: Date }[];
    ratings: Partial<Record<DimensionId, number>>;
  },
): InterviewRoom {
  return {
    interview: presentInterviewSummary(interview),
    me: { id: view.user.id, name: view.user.name, role: view.role },
    deadlineAt: interview.deadlineAt?.toISOString() ?? null,
    challenges: interview.challengeSlugs.flatMap((slug) => {
      const packaged = catalogue.challenges.get(slug);
      if (!packaged) return [];
      // The candidate's variant: the brief they read, and for the panel which one it is (a live
      // incident's fault is hidden from the candidate, never from the interviewers).
      const challenge = challengeVariant(packaged, interview.variantSeed);
      const { manifest } = challenge;
      return [
        {
          slug,
          title: manifest.title,
          mode: manifest.mode,
          brief: challenge.brief,
          variant: variantLabelOf(packaged, interview.variantSeed),
          dimensions: manifest.dimensions,
          submitted: view.submitted.has(slug),
          guide: challenge.interviewerGuide,
          complications: (manifest.live?.complications ?? []).map(({ id, title, description }) => ({
            id,
            title,
            description,
          })),
        },
      ];
    }),
    notes: view.notes.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })),
    ratings: view.ratings,
  };
}
