import { beforeAll, describe, expect, it } from 'vitest';
import { insertInterview, setRatings, upsertParticipant } from '../../server/queries/interviews.ts';
import { setUpTestApp } from '../support/app.ts';
import {
  createInvitation,
  createOrganisation,
  createStaffMember,
  PASSWORD,
  storeSubmission,
  type TestOrganisation,
} from '../support/factories.ts';

let org: TestOrganisation;
let other: TestOrganisation;
let second: { id: string; email: string };

// terraform-refactor scores architecture, iac, operations and security; cicd-canary cicd and security.
const SLUGS = ['terraform-refactor', 'cicd-canary'];
const ASSESSED = ['architecture', 'iac', 'cicd', 'security', 'operations'];

const t = setUpTestApp();
beforeAll(async () => {
  org = await createOrganisation(t.database.db, SLUGS);
  other = await createOrganisation(t.database.db, SLUGS);
  second = await createStaffMember(t.database.db, org, 'interviewer', 'Second Interviewer');
});

async function signedIn(email: string) {
  const client = t.app.client();
  expect((await client.post('/api/staff/sign-in', { email, password: PASSWORD })).status).toBe(200);
  return client;
}

const ratings = (rating: number, notes = 'Seen in the replay') =>
  Object.fromEntries(ASSESSED.map((d) => [d, { rating, notes }]));

/** A submitted attempt: terraform-refactor judged with partial credit, cicd-canary a grader error. */
async function submittedAttempt() {
  const invitation = await createInvitation(t.database.db, org, { name: 'Reviewed Candidate' });
  const catalogue = t.app.deps.catalogue;
  const checks = catalogue.challenges.get('terraform-refactor')!.manifest.checks;
  const scores = Object.fromEntries(checks.map((c, i) => [c.id, i % 2 === 0 ? 1 : 0.5]));
  await storeSubmission(t.database.db, catalogue, invitation.attemptId, 'terraform-refactor', { scores });
  await storeSubmission(
    t.database.db,
    catalogue,
    invitation.attemptId,
    'cicd-canary',
    { graderError: 'the grader crashed' },
    { submitAttempt: true },
  );
  return invitation;
}

describe('interviewer reviews', () => {
  it('shows the stored auto scores with their check counts and grader errors as such', async () => {
    const { attemptId } = await submittedAttempt();
    const interviewer = await signedIn(org.interviewer.email);
    const reply = await interviewer.get(`/api/staff/attempts/${attemptId}`);
    expect(reply.status).toBe(200);
    const { rows } = await t.database.db.query<{
      dimension: string;
      score: number | null;
      checkCount: number;
    }>(
      `select dimension, score::float8 as score, check_count as "checkCount" from attempt_scores where attempt_id = $1`,
      [attemptId],
    );
    for (const row of rows) {
      expect(reply.body.auto[row.dimension]).toMatchObject({ score: row.score, checkCount: row.checkCount });
    }
    const canary = t.app.deps.catalogue.challenges.get('cicd-canary')!.manifest.checks;
    expect(reply.body.auto.cicd).toEqual({
      score: null,
      checkCount: 0,
      graderErrorChecks: canary.filter((c) => c.dimension === 'cicd').length,
    });
    const failed = reply.body.challenges.find((c: { slug: string }) => c.slug === 'cicd-canary');
    expect(failed.submission).toMatchObject({
      status: 'error',
      error: 'the grader crashed',
      tampering: false,
      checks: [],
    });
    const judged = reply.body.challenges.find((c: { slug: string }) => c.slug === 'terraform-refactor');
    expect(judged.submission.checks[1]).toMatchObject({ score: 0.5, passed: false });
    expect(reply.body.dimensions.find((d: { id: string }) => d.id === 'iac').levels['3']).toMatch(/modules/);
    expect(reply.body.canReview).toBe(true);
  });

  it('flags a submission whose check output showed tampering, and scores none of its checks', async () => {
    const invitation = await createInvitation(t.database.db, org, { name: 'Tampering Candidate' });
    await storeSubmission(
      t.database.db,
      t.app.deps.catalogue,
      invitation.attemptId,
      'cicd-canary',
      { graderError: 'tampering suspected: 2 verdict lines', tampering: true },
      { submitAttempt: true },
    );
    const reply = await (await signedIn(org.interviewer.email)).get(
      `/api/staff/attempts/${invitation.attemptId}`,
    );
    const flagged = reply.body.challenges.find((c: { slug: string }) => c.slug === 'cicd-canary');
    expect(flagged.submission).toMatchObject({ status: 'error', tampering: true, score: null, checks: [] });
    expect(reply.body.auto.cicd).toMatchObject({ score: null, checkCount: 0 });
  });

  it("keeps others' ratings hidden until the interviewer has submitted their own, then shows the spread", async () => {
    const { attemptId } = await submittedAttempt();
    const first = await signedIn(org.interviewer.email);
    const submitted = await first.post(`/api/staff/attempts/${attemptId}/review`, {
      ratings: ratings(2, 'Hardcoded the region'),
      recommendation: 'no',
      summary: 'Solid start',
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body.myReview).toMatchObject({ recommendation: 'no', mine: true });
    expect(submitted.body.myReview.ratings.iac).toEqual({ rating: 2, notes: 'Hardcoded the region' });

    const blind = await (await signedIn(second.email)).get(`/api/staff/attempts/${attemptId}`);
    expect(blind.body).toMatchObject({
      othersVisible: false,
      otherReviewCount: 1,
      reviews: [],
      manual: {},
      recommendations: null,
      level: null,
    });
    expect(JSON.stringify(blind.body)).not.toContain('Hardcoded the region');

    const secondClient = await signedIn(second.email);
    const after = await secondClient.post(`/api/staff/attempts/${attemptId}/review`, {
      ratings: ratings(4),
      recommendation: 'strong_yes',
    });
    expect(after.status).toBe(201);
    expect(after.body.othersVisible).toBe(true);
    expect(after.body.reviews).toHaveLength(1);
    expect(after.body.reviews[0]).toMatchObject({
      reviewerName: 'Interviewer',
      recommendation: 'no',
      mine: false,
    });
    expect(after.body.manual.iac).toEqual({ mean: 3, count: 2, spread: 2 });
    expect(after.body.recommendations).toEqual({ strong_no: 0, no: 1, yes: 0, strong_yes: 1 });
    expect(after.body.level.level).toMatch(/^(junior|mid|senior|staff)$/);
    expect(after.body.level.reasons.join(' ')).toMatch(/grader error/);
  });

  it('is final: a second review by the same interviewer is refused', async () => {
    const { attemptId } = await submittedAttempt();
    const interviewer = await signedIn(org.interviewer.email);
    const body = { ratings: ratings(3), recommendation: 'yes' };
    expect((await interviewer.post(`/api/staff/attempts/${attemptId}/review`, body)).status).toBe(201);
    const again = await interviewer.post(`/api/staff/attempts/${attemptId}/review`, {
      ...body,
      recommendation: 'strong_yes',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.id).toBe('already_reviewed');
  });

  it('names a missing, unknown or out-of-range rating and refuses an attempt not yet submitted', async () => {
    const { attemptId } = await submittedAttempt();
    const interviewer = await signedIn(org.interviewer.email);
    const post = (body: object) => interviewer.post(`/api/staff/attempts/${attemptId}/review`, body);
    const { cicd: _cicd, ...withoutCicd } = ratings(3);
    expect((await post({ ratings: withoutCicd, recommendation: 'yes' })).body.error.message).toBe(
      'ratings.cicd: rate CI/CD pipelines from 1 to 4',
    );
    expect(
      (await post({ ratings: { ...ratings(3), iac: { rating: 5 } }, recommendation: 'yes' })).body.error
        .message,
    ).toBe('ratings.iac.rating: must be 1-4');
    expect((await post({ ratings: ratings(3), recommendation: 'maybe' })).body.error.message).toMatch(
      /^recommendation: /,
    );

    const narrow = await createOrganisation(t.database.db, ['iam-least-privilege']);
    const only = await createInvitation(t.database.db, narrow);
    await storeSubmission(
      t.database.db,
      t.app.deps.catalogue,
      only.attemptId,
      'iam-least-privilege',
      { scores: {} },
      {
        submitAttempt: true,
      },
    );
    const narrowClient = await signedIn(narrow.interviewer.email);
    const unknown = await narrowClient.post(`/api/staff/attempts/${only.attemptId}/review`, {
      ratings: ratings(3),
      recommendation: 'yes',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(
      /^ratings\.\w+: .* is not scored by this assessment's challenges$/,
    );

    const unfinished = await createInvitation(t.database.db, org);
    const early = await interviewer.post(`/api/staff/attempts/${unfinished.attemptId}/review`, {
      ratings: ratings(3),
      recommendation: 'yes',
    });
    expect(early.status).toBe(409);
    expect(early.body.error.id).toBe('not_submitted');
  });

  it('lets a manager review too, and shows a manager who has not reviewed every review', async () => {
    const { attemptId } = await submittedAttempt();
    await (await signedIn(org.interviewer.email)).post(`/api/staff/attempts/${attemptId}/review`, {
      ratings: ratings(3),
      recommendation: 'yes',
    });
    const manager = await signedIn(org.manager.email);
    const seen = await manager.get(`/api/staff/attempts/${attemptId}`);
    expect(seen.body).toMatchObject({ othersVisible: true, canReview: true, otherReviewCount: 1 });
    expect(seen.body.manual.security).toEqual({ mean: 3, count: 1, spread: null });
    const reviewed = await manager.post(`/api/staff/attempts/${attemptId}/review`, {
      ratings: ratings(1),
      recommendation: 'strong_no',
    });
    expect(reviewed.status).toBe(201);
    expect(reviewed.body.manual.security).toEqual({ mean: 2, count: 2, spread: 2 });
  });

  it("answers 404 for another organisation's attempt and 401 to anonymous callers", async () => {
    const { attemptId } = await submittedAttempt();
    const outsider = await signedIn(other.interviewer.email);
    const read = await outsider.get(`/api/staff/attempts/${attemptId}`);
    expect(read.status).toBe(404);
    expect(JSON.stringify(read.body)).not.toContain('Reviewed Candidate');
    const write = await outsider.post(`/api/staff/attempts/${attemptId}/review`, {
      ratings: ratings(3),
      recommendation: 'yes',
    });
    expect(write.status).toBe(404);
    expect((await t.app.client().get(`/api/staff/attempts/${attemptId}`)).status).toBe(401);
    const { rows } = await t.database.db.query('select 1 from reviews where attempt_id = $1', [attemptId]);
    expect(rows).toHaveLength(0);
  });
});

describe('a review after a live interview', () => {
  /** Makes the submitted attempt a live interview in which each rater gave these quick ratings. */
  async function interviewOf(attemptId: string, raters: Array<[string, Record<string, number>]>) {
    const db = t.database.db;
    const { rows } = await db.query<{ invitationId: string }>(
      'select invitation_id as "invitationId" from attempts where id = $1',
      [attemptId],
    );
    const interviewId = await insertInterview(db, {
      organisationId: org.organisationId,
      assessmentId: org.assessmentId,
      invitationId: rows[0]!.invitationId,
      startsAt: new Date(Date.now() - 3600_000),
      endsAt: new Date(Date.now() - 600_000),
      meetingUrl: null,
      createdBy: org.manager.id,
    });
    for (const [staffUserId, quick] of raters) {
      await upsertParticipant(db, interviewId, staffUserId, 'interviewer');
      await setRatings(db, interviewId, staffUserId, quick);
    }
  }

  it("pre-fills each interviewer's form with their own quick ratings, never another's", async () => {
    const { attemptId } = await submittedAttempt();
    await interviewOf(attemptId, [
      [org.interviewer.id, { iac: 3, security: 2, cicd: 4 }],
      [second.id, { iac: 1 }],
    ]);
    const first = await signedIn(org.interviewer.email);
    const mine = await first.get(`/api/staff/attempts/${attemptId}`);
    expect(mine.status).toBe(200);
    expect(mine.body.canReview).toBe(true);
    expect(mine.body.prefill).toEqual({ ratings: { iac: 3, security: 2, cicd: 4 } });
    const theirs = await (await signedIn(second.email)).get(`/api/staff/attempts/${attemptId}`);
    expect(theirs.body.prefill).toEqual({ ratings: { iac: 1 } });
    const manager = await (await signedIn(org.manager.email)).get(`/api/staff/attempts/${attemptId}`);
    expect(manager.body.prefill).toEqual({ ratings: {} });

    // The pre-fill is a starting point: the review submitted is what the interviewer chose.
    const submitted = await first.post(`/api/staff/attempts/${attemptId}/review`, {
      ratings: { ...ratings(2), iac: { rating: 4, notes: 'Changed my mind after the replay' } },
      recommendation: 'yes',
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body.myReview.ratings.iac).toEqual({
      rating: 4,
      notes: 'Changed my mind after the replay',
    });
    expect(submitted.body.myReview.ratings.security.rating).toBe(2);
    const again = await (await signedIn(second.email)).get(`/api/staff/attempts/${attemptId}`);
    expect(again.body.prefill).toEqual({ ratings: { iac: 1 } });
  });

  it('starts an ordinary attempt’s form empty', async () => {
    const { attemptId } = await submittedAttempt();
    const reply = await (await signedIn(org.interviewer.email)).get(`/api/staff/attempts/${attemptId}`);
    expect(reply.body.prefill).toEqual({ ratings: {} });
  });
});
