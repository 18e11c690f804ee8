import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { candidateExportSchema } from '../../server/contract/retention.ts';
import { comparisonSchema } from '../../server/contract/staff.ts';
import { eraseExpiredAttempts } from '../../server/retention/sweep.ts';
import { setUpTestApp } from '../support/app.ts';
import {
  createOrganisation,
  PASSWORD,
  storeSubmission,
  type TestOrganisation,
} from '../support/factories.ts';
import type { Client } from '../support/http.ts';
import { countSearchedTables, findTraces } from '../support/trace-search.ts';

const SLUG = 'terraform-refactor';
const DAY = 24 * 3600_000;
let org1: TestOrganisation;
let org2: TestOrganisation;

const t = setUpTestApp();
beforeAll(async () => {
  org1 = await createOrganisation(t.database.db, [SLUG]);
  org2 = await createOrganisation(t.database.db, [SLUG]);
});

async function signedIn(email: string): Promise<Client> {
  const client = t.app.client();
  expect((await client.post('/api/staff/sign-in', { email, password: PASSWORD })).status).toBe(200);
  return client;
}

/** Markers unique to one candidate, each planted where that kind of data lives. */
function markersOf(tag: string) {
  const id = randomBytes(5).toString('hex');
  return {
    name: `Quillfeather ${tag} ${id}`,
    email: `cand-${tag}-${id}@example.org`,
    file: `FILEMARK${id}`,
    event: `EVENTMARK${id}`,
    note: `NOTEMARK${id}`,
    mail: `MAILMARK${id}`,
    webhook: `HOOKMARK${id}`,
    grader: `GRADERMARK${id}`,
    collab: `COLLABMARK${id}`,
    ats: `ATSMARK${id}`,
  };
}
type Markers = ReturnType<typeof markersOf>;

interface Candidate {
  markers: Markers;
  token: string;
  attemptId: string;
  invitationId: string;
  candidate: Client;
}

/**
 * A candidate invited through the manager's route (so the outbox, the webhook event and the audit
 * entry are the real ones), who enters, starts and saves a file; then every other place that can
 * hold their data gets a row carrying one of their markers.
 */
async function invitedCandidate(org: TestOrganisation, manager: Client, tag: string): Promise<Candidate> {
  const markers = markersOf(tag);
  const invited = await manager.post(`/api/staff/assessments/${org.assessmentId}/invitations`, {
    candidateName: markers.name,
    candidateEmail: markers.email,
    timeZone: 'Europe/Paris',
  });
  expect(invited.status).toBe(201);
  const row = invited.body.invitations[0];
  const token = String(row.link).split('/invite/')[1] ?? '';
  const candidate = t.app.client();
  expect((await candidate.post('/api/candidate/enter', { token })).status).toBe(204);
  expect((await candidate.post('/api/candidate/attempt/start')).status).toBe(200);
  const saved = await candidate.put(`/api/candidate/attempt/challenges/${SLUG}/files`, {
    files: [{ path: 'main.tf', content: `# ${markers.file}\nresource "null_resource" "x" {}\n` }],
  });
  expect(saved.status).toBe(200);
  return { markers, token, attemptId: row.attemptId, invitationId: row.invitationId, candidate };
}

/** Submits and grades the attempt (a check message quoting the candidate), and plants the rest. */
async function finishAndPlant(org: TestOrganisation, c: Candidate, reviewer: Client): Promise<void> {
  const db = t.database.db;
  const checks = t.app.deps.catalogue.challenges.get(SLUG)?.manifest.checks ?? [];
  await storeSubmission(
    db,
    t.app.deps.catalogue,
    c.attemptId,
    SLUG,
    { scores: Object.fromEntries(checks.map((k, i) => [k.id, i % 2 === 0 ? 1 : 0])) },
    { submitAttempt: true },
  );
  await db.query(
    `update gradings set checks = jsonb_set(checks, '{0,message}', to_jsonb($2::text)),
       diagnostics = jsonb_build_array(jsonb_build_object('file', 'main.tf', 'line', 1, 'message', $2::text))
     where attempt_id = $1`,
    [c.attemptId, `found ${c.markers.grader}`],
  );
  await db.query(
    `insert into gradings (organisation_id, attempt_id, challenge_slug, kind, status, files)
     values ($1, $2, $3, 'run', 'done', jsonb_build_object('main.tf', $4::text))`,
    [org.organisationId, c.attemptId, SLUG, c.markers.file],
  );
  await db.query(
    `insert into attempt_events (attempt_id, seq, organisation_id, challenge_slug, kind, payload, at)
     values ($1, 1, $2, $3, 'paste', jsonb_build_object('text', $4::text), now())`,
    [c.attemptId, org.organisationId, SLUG, c.markers.event],
  );
  await db.query(
    `insert into attempt_snapshots (attempt_id, challenge_slug, seq, files, file_event_count)
     values ($1, $2, 1, jsonb_build_object('main.tf', $3::text), 1)`,
    [c.attemptId, SLUG, c.markers.file],
  );
  await db.query(
    `insert into collab_documents (attempt_id, challenge_slug, state) values ($1, $2, convert_to($3, 'UTF8'))`,
    [c.attemptId, SLUG, `yjs ${c.markers.collab}`],
  );
  await db.query(
    `insert into live_environments (organisation_id, attempt_id, challenge_slug, status, container_id, error, ended_at)
     values ($1, $2, $3, 'ended', 'c0ffee', $4, now())`,
    [org.organisationId, c.attemptId, SLUG, `shell history ${c.markers.event}`],
  );
  await db.query(
    `insert into ats_links (invitation_id, organisation_id, source, external_id) values ($1, $2, 'generic', $3)`,
    [c.invitationId, org.organisationId, c.markers.ats],
  );
  await db.query(
    `insert into ats_inbound (organisation_id, source, message_id, attempt_id) values ($1, 'generic', $2, $3)`,
    [org.organisationId, c.markers.ats, c.attemptId],
  );
  await db.query(
    `insert into webhook_events (organisation_id, type, subject_id, data)
     values ($1, 'attempt.planted', $2, jsonb_build_object('note', $3::text))`,
    [org.organisationId, c.attemptId, c.markers.webhook],
  );
  await db.query(
    `insert into outbox (organisation_id, recipient, kind, subject_id, subject, text_body, html_body)
     values ($1, 'manager@example.com', 'graded', $2, 'Graded', $3, $3)
     on conflict (kind, subject_id) do update set text_body = outbox.text_body || excluded.text_body`,
    [org.organisationId, c.attemptId, `${c.markers.name} <${c.markers.email}> ${c.markers.mail}`],
  );
  await db.query(
    `insert into accommodations (attempt_id, organisation_id, extra_percent, note, time_factor)
     values ($1, $2, 50, $3, 1.5)`,
    [c.attemptId, org.organisationId, `screen reader user ${c.markers.note}`],
  );
  const note = await reviewer.post(`/api/staff/attempts/${c.attemptId}/replay/notes`, {
    challengeSlug: SLUG,
    seq: 1,
    body: `pasted ${c.markers.note}`,
  });
  expect(note.status).toBe(201);
  const review = await reviewer.post(`/api/staff/attempts/${c.attemptId}/review`, {
    ratings: Object.fromEntries(
      [...new Set(checks.map((k) => k.dimension))].map((d) => [
        d,
        { rating: 3, notes: `careful ${c.markers.note}` },
      ]),
    ),
    recommendation: 'yes',
    summary: `summary ${c.markers.note}`,
  });
  expect(review.status).toBe(201);
}

/** Every marker of the candidate that the database still holds somewhere. */
async function tracesOf(m: Markers) {
  const found: Record<string, string[]> = {};
  for (const [kind, marker] of Object.entries(m)) {
    const traces = await findTraces(t.database.db, marker);
    if (traces.length > 0) found[kind] = traces.map((x) => `${x.table}.${x.column}`);
  }
  return found;
}

async function comparisonOf(manager: Client, org: TestOrganisation) {
  const reply = await manager.get(`/api/staff/assessments/${org.assessmentId}/comparison`);
  expect(reply.status).toBe(200);
  return comparisonSchema.parse(reply.body);
}

describe('the retention period', () => {
  it('is 365 days by default, set by a manager only within 30-3650 days, and audited', async () => {
    const manager = await signedIn(org2.manager.email);
    expect((await manager.get('/api/staff/organisation/retention')).body).toEqual({ retentionDays: 365 });
    const tooShort = await manager.put('/api/staff/organisation/retention', { retentionDays: 7 });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.error.message).toBe('retentionDays: must be at least 30 days');
    const interviewer = await signedIn(org2.interviewer.email);
    expect((await interviewer.put('/api/staff/organisation/retention', { retentionDays: 90 })).status).toBe(
      403,
    );
    expect((await interviewer.get('/api/staff/organisation/retention')).status).toBe(403);

    const set = await manager.put('/api/staff/organisation/retention', { retentionDays: 400 });
    expect(set.body).toEqual({ retentionDays: 400 });
    // The other organisation's period is its own.
    const other = await signedIn(org1.manager.email);
    expect((await other.get('/api/staff/organisation/retention')).body).toEqual({ retentionDays: 365 });
    const { rows } = await t.database.db.query(
      `select actor_id as "actorId", target_id as "targetId", details from audit_log
       where action = 'organisation.set_retention' and organisation_id = $1`,
      [org2.organisationId],
    );
    expect(rows).toEqual([
      {
        actorId: org2.manager.id,
        targetId: org2.organisationId,
        details: { retentionDays: 400, before: 365 },
      },
    ]);
  });
});

describe('the retention job', () => {
  it('erases, with the clock set forward, exactly the attempts past their organisation period and leaves no trace of them in any table', async () => {
    const db = t.database.db;
    const manager1 = await signedIn(org1.manager.email);
    const manager2 = await signedIn(org2.manager.email);
    expect((await manager1.put('/api/staff/organisation/retention', { retentionDays: 30 })).status).toBe(200);

    // Past retention at +31 days: submitted today in an organisation that keeps 30 days.
    const gone = await invitedCandidate(org1, manager1, 'gone');
    await finishAndPlant(org1, gone, manager1);
    // Still in progress (its deadline extended past the clock's reach), and another organisation's.
    const working = await invitedCandidate(org1, manager1, 'working');
    await db.query(`update attempts set deadline_at = now() + interval '40 days' where id = $1`, [
      working.attemptId,
    ]);
    const elsewhere = await invitedCandidate(org2, manager2, 'elsewhere');
    await finishAndPlant(org2, elsewhere, manager2);

    const scoresBefore = (await comparisonOf(manager1, org1)).candidates.find(
      (c) => c.attemptId === gone.attemptId,
    );
    expect(scoresBefore?.auto).not.toEqual({});
    // The search works: before the job every marker of the candidate is found somewhere.
    expect(Object.keys(await tracesOf(gone.markers)).sort()).toEqual(Object.keys(gone.markers).sort());

    // Nothing is due today; a month and a day later only the one attempt is, found in batches of one.
    expect(await eraseExpiredAttempts(db, { batchSize: 1 })).toBe(0);
    const later = new Date(Date.now() + 31 * DAY);
    expect(await eraseExpiredAttempts(db, { now: later, batchSize: 1 })).toBe(1);
    expect(await eraseExpiredAttempts(db, { now: later, batchSize: 1 })).toBe(0);

    expect(await countSearchedTables(db)).toBeGreaterThan(30);
    expect(await tracesOf(gone.markers)).toEqual({});
    // The others keep everything.
    expect(Object.keys(await tracesOf(elsewhere.markers)).sort()).toEqual(
      Object.keys(elsewhere.markers).sort(),
    );
    expect(await tracesOf(working.markers)).toMatchObject({
      name: expect.any(Array),
      email: expect.any(Array),
      file: ['"public"."attempt_files".*'],
    });

    // The comparison still counts the anonymous scores; the review's rating and recommendation stay.
    const after = (await comparisonOf(manager1, org1)).candidates.find((c) => c.attemptId === gone.attemptId);
    expect(after).toMatchObject({
      candidateName: 'Erased candidate',
      auto: scoresBefore?.auto,
      reviewCount: 1,
    });
    expect(after?.manual).toEqual(scoresBefore?.manual);

    // One audit entry, by nobody, with ids only.
    const { rows } = await db.query(
      `select actor_id as "actorId", target_type as "targetType", details from audit_log
       where action = 'candidate.erase' and target_id = $1`,
      [gone.attemptId],
    );
    expect(rows).toEqual([
      {
        actorId: null,
        targetType: 'attempt',
        details: { invitationId: gone.invitationId, reason: 'retention', retentionDays: 30 },
      },
    ]);
    // The invitation entry that named the candidate's email is kept, marked, without it.
    const invited = await db.query(
      `select details from audit_log where action = 'invitation.create' and target_id = $1`,
      [gone.invitationId],
    );
    expect(invited.rows).toEqual([{ details: { assessmentId: org1.assessmentId, erased: true } }]);

    // The candidate's session is gone, and their link answers a clear 410.
    expect((await gone.candidate.get('/api/candidate/attempt')).status).toBe(401);
    const link = await t.app.client().post('/api/candidate/enter', { token: gone.token });
    expect(link.status).toBe(410);
    expect(link.body.error).toEqual({
      id: 'attempt_erased',
      message: 'Your data for this assessment has been deleted, so this link can no longer be used.',
    });
    // The review page still opens for staff, without the person.
    const review = await manager1.get(`/api/staff/attempts/${gone.attemptId}`);
    expect(review.status).toBe(200);
    expect(review.body.attempt.candidateName).toBe('Erased candidate');
  });
});

describe("a manager's export and erasure on request", () => {
  it("exports one candidate's data as JSON with nothing of another candidate, to managers of the organisation only", async () => {
    const manager = await signedIn(org1.manager.email);
    const mine = await invitedCandidate(org1, manager, 'export');
    await finishAndPlant(org1, mine, manager);
    const other = await invitedCandidate(org1, manager, 'neighbour');
    await finishAndPlant(org1, other, manager);

    const reply = await manager.get(`/api/staff/attempts/${mine.attemptId}/export`);
    expect(reply.status).toBe(200);
    const data = candidateExportSchema.parse(reply.body);
    expect(data.candidate).toEqual({
      name: mine.markers.name,
      email: mine.markers.email,
      timeZone: 'Europe/Paris',
    });
    expect(data.files).toMatchObject([{ challengeSlug: SLUG, path: 'main.tf' }]);
    expect(data.files[0]?.content).toContain(mine.markers.file);
    expect(data.events).toMatchObject([{ seq: 1, kind: 'paste', payload: { text: mine.markers.event } }]);
    expect(data.accommodation).toEqual({
      extraPercent: 50,
      extraMinutes: null,
      note: `screen reader user ${mine.markers.note}`,
    });
    expect(data.replayNotes).toMatchObject([{ body: `pasted ${mine.markers.note}` }]);
    expect(reply.body.review.myReview.summary).toBe(`summary ${mine.markers.note}`);
    // How the interviewers rate against each other is about staff, not the candidate.
    expect(reply.body.review.calibration).toBeNull();
    const text = JSON.stringify(reply.body);
    for (const marker of Object.values(other.markers)) expect(text).not.toContain(marker);

    const { rows } = await t.database.db.query(
      `select actor_id as "actorId", details from audit_log where action = 'candidate.export' and target_id = $1`,
      [mine.attemptId],
    );
    expect(rows).toEqual([{ actorId: org1.manager.id, details: { invitationId: mine.invitationId } }]);

    const interviewer = await signedIn(org1.interviewer.email);
    expect((await interviewer.get(`/api/staff/attempts/${mine.attemptId}/export`)).status).toBe(403);
    expect((await interviewer.post(`/api/staff/attempts/${mine.attemptId}/erase`)).status).toBe(403);
    const foreign = await signedIn(org2.manager.email);
    expect((await foreign.get(`/api/staff/attempts/${mine.attemptId}/export`)).status).toBe(404);
    expect((await foreign.post(`/api/staff/attempts/${mine.attemptId}/erase`)).status).toBe(404);
    expect(Object.keys(await tracesOf(mine.markers)).sort()).toEqual(Object.keys(mine.markers).sort());
  });

  it('erases at once on request, audited once, refuses an attempt still in progress or being graded, and the link then answers 410', async () => {
    const manager = await signedIn(org1.manager.email);
    const asked = await invitedCandidate(org1, manager, 'asked');
    await finishAndPlant(org1, asked, manager);

    const erased = await manager.post(`/api/staff/attempts/${asked.attemptId}/erase`);
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({ attemptId: asked.attemptId, erasedAt: expect.any(String) });
    expect(await tracesOf(asked.markers)).toEqual({});
    const again = await manager.post(`/api/staff/attempts/${asked.attemptId}/erase`);
    expect(again.body).toEqual(erased.body);
    const { rows } = await t.database.db.query(
      `select actor_id as "actorId", details from audit_log where action = 'candidate.erase' and target_id = $1`,
      [asked.attemptId],
    );
    expect(rows).toEqual([
      { actorId: org1.manager.id, details: { invitationId: asked.invitationId, reason: 'request' } },
    ]);
    const exported = await manager.get(`/api/staff/attempts/${asked.attemptId}/export`);
    expect(exported.status).toBe(410);
    expect(exported.body.error.id).toBe('attempt_erased');
    expect((await t.app.client().post('/api/candidate/enter', { token: asked.token })).body.error.id).toBe(
      'attempt_erased',
    );

    // A candidate still working is not pulled from under: revoke first, then erase.
    const working = await invitedCandidate(org1, manager, 'busy');
    const refused = await manager.post(`/api/staff/attempts/${working.attemptId}/erase`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.id).toBe('attempt_in_progress');
    expect((await manager.post(`/api/staff/attempts/${working.attemptId}/revoke`)).status).toBe(200);
    // Nor is one whose check run is still queued: the grader would read blanked files.
    const { rows: queued } = await t.database.db.query<{ id: string }>(
      `insert into gradings (organisation_id, attempt_id, challenge_slug, kind, files)
       values ($1, $2, $3, 'run', '{}'::jsonb) returning id`,
      [org1.organisationId, working.attemptId, SLUG],
    );
    const grading = await manager.post(`/api/staff/attempts/${working.attemptId}/erase`);
    expect(grading.status).toBe(409);
    expect(grading.body.error.id).toBe('grading_in_progress');
    await t.database.db.query(`update gradings set status = 'done' where id = $1`, [queued[0]?.id]);
    expect((await manager.post(`/api/staff/attempts/${working.attemptId}/erase`)).status).toBe(200);
    expect(await tracesOf(working.markers)).toEqual({});
  });
});
