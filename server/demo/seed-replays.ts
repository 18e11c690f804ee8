import { hashInvitationToken, newToken } from '../auth/tokens.ts';
import type { Catalogue } from '../challenges/load.ts';
import type { Dimension } from '../challenges/schema.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/pool.ts';
import { insertAttempt, markAttemptStarted } from '../queries/attempts.ts';
import { insertInvitation } from '../queries/invitations.ts';
import { insertReview } from '../queries/reviews.ts';
import { backdate } from './backdate.ts';
import { demoCandidates } from './candidates.ts';
import { playSession } from './play.ts';
import type { DemoCandidate } from './terraform-candidates.ts';

export interface DemoOrganisation {
  id: string;
  managerId: string;
  interviewerId: string;
}

/**
 * Adds the demo candidates who did their work through the platform (see candidates.ts) to the
 * assessment titled `assessmentTitle`, each once: a candidate already invited with a submitted
 * attempt is left alone, one whose seeding broke off is removed and played again. When all are
 * there it costs one query.
 */
export async function seedReplayDemo(
  deps: { db: Db; config: Config; catalogue: Catalogue },
  organisation: DemoOrganisation,
  assessmentTitle: string,
): Promise<void> {
  const { db } = deps;
  const { rows } = await db.query<{ assessmentId: string; invited: { email: string; submitted: boolean }[] }>(
    `select a.id as "assessmentId", coalesce(
       (select json_agg(json_build_object('email', i.candidate_email, 'submitted', t.submitted_at is not null))
        from invitations i left join attempts t on t.invitation_id = i.id
        where i.assessment_id = a.id), '[]') as invited
     from assessments a where a.organisation_id = $1 and a.title = $2 order by a.created_at limit 1`,
    [organisation.id, assessmentTitle],
  );
  const assessment = rows[0];
  if (!assessment) return;
  for (const { slug, candidates } of demoCandidates(deps.catalogue)) {
    const challenge = deps.catalogue.challenges.get(slug);
    if (!challenge) continue;
    for (const candidate of candidates) {
      const invited = assessment.invited.find((i) => i.email === candidate.email);
      if (invited?.submitted) continue;
      if (invited) await removeCandidate(db, assessment.assessmentId, candidate.email);
      const attemptId = await inviteAndStart(db, organisation.id, assessment.assessmentId, candidate);
      const timeline = await playSession(deps, attemptId, challenge, candidate.steps);
      await backdate(db, attemptId, new Date(Date.now() - candidate.startedHoursAgo * 3600_000), timeline);
      if (candidate.review) await review(db, organisation, attemptId, candidate.review);
    }
  }
}

async function inviteAndStart(
  db: Db,
  organisationId: string,
  assessmentId: string,
  candidate: DemoCandidate,
): Promise<string> {
  const invitationId = await insertInvitation(db, {
    organisationId,
    assessmentId,
    candidateName: candidate.name,
    candidateEmail: candidate.email,
    tokenHash: hashInvitationToken(newToken()),
    expiresAt: new Date(Date.now() + 14 * 24 * 3600_000),
  });
  const attemptId = await insertAttempt(db, { organisationId, invitationId, assessmentId });
  const { rows } = await db.query<{ minutes: number }>(
    'select time_limit_minutes as minutes from assessments where id = $1',
    [assessmentId],
  );
  await markAttemptStarted(db, attemptId, rows[0]?.minutes ?? 45);
  return attemptId;
}

/** A demo candidate whose seeding broke off part-way (the process stopped): played again from scratch. */
async function removeCandidate(db: Db, assessmentId: string, email: string): Promise<void> {
  // The attempt and everything it recorded go with the invitation (on delete cascade).
  await db.query('delete from invitations where assessment_id = $1 and candidate_email = $2', [
    assessmentId,
    email,
  ]);
}

async function review(
  db: Db,
  organisation: DemoOrganisation,
  attemptId: string,
  review: NonNullable<DemoCandidate['review']>,
): Promise<void> {
  await insertReview(db, {
    organisationId: organisation.id,
    attemptId,
    reviewerId: organisation.interviewerId,
    recommendation: review.recommendation,
    summary: review.summary,
    ratings: Object.entries(review.ratings).map(([dimension, rating]) => ({
      dimension: dimension as Dimension,
      rating,
      notes: '',
    })),
  });
}
