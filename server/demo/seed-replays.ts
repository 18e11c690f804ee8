import { hashInvitationToken, newToken } from '../auth/tokens.ts';
import type { Catalogue } from '../challenges/load.ts';
import type { Dimension } from '../challenges/schema.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/pool.ts';
import { insertAssessment } from '../queries/assessments.ts';
import { insertAttempt, markAttemptStarted } from '../queries/attempts.ts';
import { insertInvitation } from '../queries/invitations.ts';
import { insertReview } from '../queries/reviews.ts';
import { backdate, type Timeline } from './backdate.ts';
import { type DemoAssessment, demoCandidates } from './candidates.ts';
import { recordEndedEnvironment } from './incident-candidates.ts';
import { playSession } from './play.ts';
import type { DemoCandidate } from './terraform-candidates.ts';

export interface DemoOrganisation {
  id: string;
  managerId: string;
  interviewerId: string;
}

/**
 * Adds the demo candidates who did their work through the platform (see candidates.ts) to the
 * assessment titled `assessmentTitle`, or to their own assessment (created when missing), each
 * once: a candidate already invited with a submitted attempt is left alone, one whose seeding broke
 * off is removed and played again. When all are there it costs one query.
 */
export async function seedReplayDemo(
  deps: { db: Db; config: Config; catalogue: Catalogue },
  organisation: DemoOrganisation,
  assessmentTitle: string,
): Promise<void> {
  const { db } = deps;
  const groups = demoCandidates(deps.catalogue);
  const titles = groups.map((g) => g.assessment?.title ?? assessmentTitle);
  const { rows } = await db.query<{
    title: string;
    assessmentId: string;
    invited: { email: string; submitted: boolean }[];
  }>(
    `select a.title, a.id as "assessmentId", coalesce(
       (select json_agg(json_build_object('email', i.candidate_email, 'submitted', t.submitted_at is not null))
        from invitations i left join attempts t on t.invitation_id = i.id
        where i.assessment_id = a.id), '[]') as invited
     from (select distinct on (title) id, title from assessments
           where organisation_id = $1 and title = any($2) order by title, created_at) a`,
    [organisation.id, titles],
  );
  for (const [index, { slug, candidates, assessment: own }] of groups.entries()) {
    const challenge = deps.catalogue.challenges.get(slug);
    const assessment =
      rows.find((r) => r.title === titles[index]) ??
      (own ? await createAssessment(db, organisation, own) : undefined);
    if (!challenge || !assessment) continue;
    for (const candidate of candidates) {
      const invited = assessment.invited.find((i) => i.email === candidate.email);
      if (invited?.submitted) continue;
      if (invited) await removeCandidate(db, assessment.assessmentId, candidate.email);
      const attemptId = await inviteAndStart(db, organisation.id, assessment.assessmentId, candidate);
      const timeline = await playSession(deps, attemptId, challenge, candidate.steps);
      await backdate(db, attemptId, new Date(Date.now() - candidate.startedHoursAgo * 3600_000), timeline);
      if (candidate.environmentReadyMs !== undefined)
        await recordEnvironment(db, attemptId, slug, candidate, timeline);
      if (candidate.review) await review(db, organisation, attemptId, candidate.review);
    }
  }
}

/** A demo assessment of its own, made two days ago by the demo's manager. */
async function createAssessment(db: Db, organisation: DemoOrganisation, spec: DemoAssessment) {
  const assessmentId = await insertAssessment(db, {
    organisationId: organisation.id,
    title: spec.title,
    challengeSlugs: [...spec.challengeSlugs],
    timeLimitMinutes: spec.timeLimitMinutes,
    createdBy: organisation.managerId,
  });
  await db.query(`update assessments set created_at = now() - interval '2 days' where id = $1`, [
    assessmentId,
  ]);
  return { title: spec.title, assessmentId, invited: [] };
}

/** A live candidate's environment: up when their terminal first showed, ended by the submission. */
async function recordEnvironment(
  db: Db,
  attemptId: string,
  slug: string,
  candidate: DemoCandidate,
  timeline: Timeline,
): Promise<void> {
  const terminal = candidate.steps.filter((s) => s.kind === 'terminal');
  const typed = terminal.filter((s) => s.chunks.some((c) => c.stream === 'input'));
  const submitted = [...timeline.gradings.values()].at(-1)?.finishedMs ?? timeline.submittedMs ?? 0;
  await recordEndedEnvironment(db, attemptId, slug, candidate.environmentReadyMs ?? 0, {
    readyAtMs: terminal[0]?.atMs ?? 0,
    lastActiveMs: typed.at(-1)?.atMs ?? 0,
    endedMs: submitted,
  });
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
