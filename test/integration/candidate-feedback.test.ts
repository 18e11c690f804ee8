/**
 * Feedback to the candidate (#16 point 4) over HTTP and a real PostgreSQL: the manager's switch
 * (who may use it, audited), the candidate's report (off, pending, ready; built on read), the
 * "feedback is ready" mail (once, through the outbox), and a search of every answer and mail for
 * markers planted in hidden checks, reviewers' notes, the reference and another candidate's figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announce } from '../../server/announce.ts';
import { createApp } from '../../server/app.ts';
import { type Catalogue, loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import { transaction } from '../../server/db/pool.ts';
import { markAttemptStarted, markAttemptSubmitted } from '../../server/queries/attempts.ts';
import { insertGrading } from '../../server/queries/gradings.ts';
import { recordGrading } from '../../server/scoring/record.ts';
import { recordingQueue } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createInvitation, createOrganisation, type TestOrganisation } from '../support/factories.ts';
import {
  FEEDBACK_SLUG,
  feedbackMailsOf,
  leakedMarkers,
  MARKERS,
  plantedChallengesRoot,
  plantFeedbackWorld,
  SHOWN,
  signedInManager,
} from '../support/feedback-plant.ts';
import { Client, listen } from '../support/http.ts';

let database: TestDatabase;
let server: Awaited<ReturnType<typeof listen>>;
let catalogue: Catalogue;
let planted: Awaited<ReturnType<typeof plantedChallengesRoot>>;
let org: TestOrganisation;
let other: TestOrganisation;

beforeAll(async () => {
  database = await createTestDatabase();
  planted = await plantedChallengesRoot();
  catalogue = await loadCatalogue(planted.root);
  const deps = {
    config: configWith({ SESSION_SECRET: 'test-secret-test-secret', PUBLIC_URL: 'https://hire.example.com' }),
    db: database.db,
    catalogue,
    queue: recordingQueue(),
  };
  server = await listen(createApp(deps, { clientDist: '/nonexistent' }));
  org = await createOrganisation(database.db, [FEEDBACK_SLUG]);
  other = await createOrganisation(database.db, [FEEDBACK_SLUG]);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await database?.drop();
  await planted?.remove();
});

async function candidateOf(token: string) {
  const client = new Client(server.baseUrl);
  expect((await client.post('/api/candidate/enter', { token })).status).toBe(204);
  return client;
}

const settingPath = (assessmentId: string) => `/api/staff/assessments/${assessmentId}/feedback`;

describe("the assessment's feedback setting", () => {
  it('is off by default, and only a manager of its organisation may read or turn it on, audited', async () => {
    const fresh = await createOrganisation(database.db, [FEEDBACK_SLUG]);
    const manager = await signedInManager(server.baseUrl, fresh.manager.email);
    expect((await manager.get(settingPath(fresh.assessmentId))).body).toEqual({ candidateFeedback: false });

    const interviewer = await signedInManager(server.baseUrl, fresh.interviewer.email);
    const refused = await interviewer.put(settingPath(fresh.assessmentId), { candidateFeedback: true });
    expect(refused.status).toBe(403);
    const stranger = await signedInManager(server.baseUrl, other.manager.email);
    expect((await stranger.put(settingPath(fresh.assessmentId), { candidateFeedback: true })).status).toBe(
      404,
    );
    expect((await stranger.get(settingPath(fresh.assessmentId))).status).toBe(404);
    const invalid = await manager.put(settingPath(fresh.assessmentId), { candidateFeedback: 'yes' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/^candidateFeedback: /);
    expect((await manager.get(settingPath(fresh.assessmentId))).body).toEqual({ candidateFeedback: false });

    const set = await manager.put(settingPath(fresh.assessmentId), { candidateFeedback: true });
    expect(set.body).toEqual({ candidateFeedback: true });
    expect((await manager.get(settingPath(fresh.assessmentId))).body).toEqual({ candidateFeedback: true });
    const { rows } = await database.db.query<{ action: string; actorId: string; details: object }>(
      `select action, actor_id as "actorId", details from audit_log
       where target_type = 'assessment' and target_id = $1 and action = 'assessment.set_feedback'`,
      [fresh.assessmentId],
    );
    expect(rows).toEqual([
      {
        action: 'assessment.set_feedback',
        actorId: fresh.manager.id,
        details: { candidateFeedback: true, before: false },
      },
    ]);
  });
});

describe("the candidate's report", () => {
  it('searches the API answer and the mail for every planted marker and finds none', async () => {
    const candidate = await plantFeedbackWorld(database.db, server.baseUrl, catalogue, org, {
      feedback: true,
    });
    const client = await candidateOf(candidate.token);
    const answer = await client.get('/api/candidate/attempt/feedback');
    expect(answer.status).toBe(200);
    const json = JSON.stringify(answer.body);
    expect(leakedMarkers(json)).toEqual([]);
    // The search works: the visible check's message is there.
    expect(json).toContain(SHOWN);
    // Nor does the attempt the finished page reads carry them (the same session, the same page).
    expect(leakedMarkers(JSON.stringify((await client.get('/api/candidate/attempt')).body))).toEqual([]);

    const mails = await feedbackMailsOf(database.db, candidate.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    expect(leakedMarkers(`${mail?.subject}\n${mail?.text}\n${mail?.html}`)).toEqual([]);
    expect(mail?.subject).toMatch(/^Your feedback on "Assessment [0-9a-f]+" is ready$/);
    expect(mail?.text).toContain('Fiona Feedback');
    expect(mail?.text).toContain('has been graded');
    // The mail says the report is ready; the report itself stays behind the candidate's link.
    expect(mail?.text).not.toContain(SHOWN);
  });

  it('gives each requirement a verdict from its visible checks only, and the rubric levels of their dimensions', async () => {
    const candidate = await plantFeedbackWorld(database.db, server.baseUrl, catalogue, org, {
      feedback: true,
    });
    const { body } = await (await candidateOf(candidate.token)).get('/api/candidate/attempt/feedback');
    expect(body.status).toBe('ready');
    const [challenge] = body.report.challenges;
    expect(challenge).toMatchObject({ slug: FEEDBACK_SLUG, outcome: 'graded' });
    const verdicts = Object.fromEntries(
      challenge.requirements.map((r: { id: string; verdict: string }) => [r.id, r.verdict]),
    );
    // R4 is met although a hidden check covering it failed; only hidden checks judge R5, R8-R10
    // and R12, so the report says nothing about them.
    expect(verdicts).toEqual({
      R1: 'met',
      R2: 'not_met',
      R3: 'met',
      R4: 'met',
      R5: 'not_shown',
      R6: 'met',
      R7: 'met',
      R8: 'not_shown',
      R9: 'not_shown',
      R10: 'not_shown',
      R11: 'met',
      R12: 'not_shown',
    });
    const r2 = challenge.requirements.find((r: { id: string }) => r.id === 'R2');
    expect(r2.checks).toEqual([
      {
        title: 'The region, the Environment tag and the bucket name come from input variables',
        passed: false,
        message: 'region-from-variable does not hold',
      },
    ]);
    expect(body.report.dimensions.map((d: { id: string }) => d.id)).toEqual([
      'architecture',
      'iac',
      'security',
      'operations',
    ]);
    const security = catalogue.rubric.dimensions.find((d) => d.id === 'security');
    expect(body.report.dimensions[2].levels).toEqual(
      [1, 2, 3, 4].map((level, i) => ({
        level,
        name: ['junior', 'mid', 'senior', 'staff'][i],
        description: security?.levels[level as 1 | 2 | 3 | 4],
      })),
    );
  });

  it('reads "off" when the assessment gives none, and no mail is stored', async () => {
    const quiet = await createOrganisation(database.db, [FEEDBACK_SLUG]);
    const candidate = await plantFeedbackWorld(database.db, server.baseUrl, catalogue, quiet, {
      feedback: false,
    });
    const { body } = await (await candidateOf(candidate.token)).get('/api/candidate/attempt/feedback');
    expect(body).toEqual({ status: 'off' });
    expect(await feedbackMailsOf(database.db, candidate.email)).toEqual([]);
  });

  it('is pending until the final grading is recorded, then ready, and mailed once', async () => {
    const { token, attemptId, email } = await createInvitation(database.db, org, { name: 'Pat Pending' });
    const client = await candidateOf(token);
    await markAttemptStarted(database.db, attemptId, 45);
    expect((await client.get('/api/candidate/attempt/feedback')).body).toEqual({ status: 'pending' });
    const grading = await insertGrading(database.db, {
      organisationId: org.organisationId,
      attemptId,
      challengeSlug: FEEDBACK_SLUG,
      kind: 'submit',
      files: [],
    });
    await markAttemptSubmitted(database.db, attemptId);
    expect((await client.get('/api/candidate/attempt/feedback')).body).toEqual({ status: 'pending' });
    expect(await feedbackMailsOf(database.db, email)).toEqual([]);

    await recordGrading(database.db, grading, {
      kind: 'grader_error',
      error: 'boom',
      wallMs: 1,
      tampering: false,
    });
    const ready = (await client.get('/api/candidate/attempt/feedback')).body;
    expect(ready.status).toBe('ready');
    // A grading that failed says nothing about the candidate, and the report says nothing either.
    expect(ready.report.challenges).toEqual([
      { slug: FEEDBACK_SLUG, title: expect.any(String), outcome: 'not_graded', requirements: [] },
    ]);
    expect(ready.report.dimensions).toEqual([]);
    // Announced again (a redelivered job, the recovery sweep): still one mail.
    await transaction(database.db, (c) => announce(c, { kind: 'submission.graded', attemptId }));
    const mails = await feedbackMailsOf(database.db, email);
    expect(mails.map((m) => m.subjectId)).toEqual([attemptId]);
    // The mail promises no more than the report holds: the grading gave up, so nothing was graded.
    expect(mails[0]?.text).toContain('could not grade all of it');
    expect(mails[0]?.text).not.toContain('has been graded');
  });

  it('is built on read: turned off after the grading, the candidate reads "off"', async () => {
    const later = await createOrganisation(database.db, [FEEDBACK_SLUG]);
    const candidate = await plantFeedbackWorld(database.db, server.baseUrl, catalogue, later, {
      feedback: true,
    });
    const client = await candidateOf(candidate.token);
    expect((await client.get('/api/candidate/attempt/feedback')).body.status).toBe('ready');
    const manager = await signedInManager(server.baseUrl, later.manager.email);
    expect((await manager.put(settingPath(later.assessmentId), { candidateFeedback: false })).status).toBe(
      200,
    );
    expect((await client.get('/api/candidate/attempt/feedback')).body).toEqual({ status: 'off' });
  });

  it('answers only a candidate: staff and strangers get 401', async () => {
    const manager = await signedInManager(server.baseUrl, org.manager.email);
    expect((await manager.get('/api/candidate/attempt/feedback')).status).toBe(401);
    expect((await new Client(server.baseUrl).get('/api/candidate/attempt/feedback')).status).toBe(401);
  });
});

it('plants markers the search can tell apart', () => {
  const values = Object.values(MARKERS);
  expect(new Set(values).size).toBe(values.length);
  expect(leakedMarkers(values.join(' '))).toEqual(Object.keys(MARKERS));
});
