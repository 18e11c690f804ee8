import { beforeAll, describe, expect, it } from 'vitest';
import { auditPageSchema } from '../../server/contract/audit.ts';
import { setUpTestApp } from '../support/app.ts';
import {
  createInvitation,
  createOrganisation,
  PASSWORD,
  storeSubmission,
  type TestOrganisation,
} from '../support/factories.ts';
import type { Client } from '../support/http.ts';

const SLUG = 'terraform-refactor';
let org1: TestOrganisation;
let org2: TestOrganisation;

const t = setUpTestApp();
beforeAll(async () => {
  org1 = await createOrganisation(t.database.db);
  org2 = await createOrganisation(t.database.db);
});

interface StoredEntry {
  organisationId: string | null;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

const lastId = async () =>
  Number(
    (await t.database.db.query<{ id: string | null }>('select max(id) as id from audit_log')).rows[0]?.id ??
      0,
  );

/** Runs `action` and returns the audit entries it wrote (read straight from the table). */
async function entriesOf(action: () => Promise<unknown>): Promise<StoredEntry[]> {
  const before = await lastId();
  await action();
  const { rows } = await t.database.db.query<StoredEntry>(
    `select organisation_id as "organisationId", actor_id as "actorId", actor_email as "actorEmail", action,
       target_type as "targetType", target_id as "targetId", details, ip
     from audit_log where id > $1 order by id`,
    [before],
  );
  return rows;
}

async function signedIn(email: string): Promise<Client> {
  const client = t.app.client();
  expect((await client.post('/api/staff/sign-in', { email, password: PASSWORD })).status).toBe(200);
  return client;
}

/** A submitted attempt of org1, ready for review. */
async function submittedAttempt(): Promise<string> {
  const { attemptId } = await createInvitation(t.database.db, org1, { name: 'Audited Candidate' });
  await storeSubmission(
    t.database.db,
    t.app.deps.catalogue,
    attemptId,
    SLUG,
    { scores: {} },
    { submitAttempt: true },
  );
  return attemptId;
}

describe('the audit log', () => {
  it('records a sign-in, a refused sign-in and a sign-out, each once, with actor and address', async () => {
    const client = t.app.client();
    const signIn = await entriesOf(() =>
      client.post('/api/staff/sign-in', { email: org1.manager.email, password: PASSWORD }),
    );
    expect(signIn).toEqual([
      {
        organisationId: org1.organisationId,
        actorId: org1.manager.id,
        actorEmail: null,
        action: 'staff.sign_in',
        targetType: 'staff_user',
        targetId: org1.manager.id,
        details: {},
        ip: '127.0.0.1',
      },
    ]);

    const signOut = await entriesOf(() => client.post('/api/staff/sign-out'));
    expect(signOut).toMatchObject([
      { organisationId: org1.organisationId, actorId: org1.manager.id, action: 'staff.sign_out' },
    ]);
    expect(signOut).toHaveLength(1);

    const refused = await entriesOf(() =>
      t.app.client().post('/api/staff/sign-in', { email: org1.interviewer.email, password: 'wrong' }),
    );
    expect(refused).toEqual([
      {
        organisationId: org1.organisationId,
        actorId: null,
        actorEmail: org1.interviewer.email,
        action: 'staff.sign_in_failed',
        targetType: 'staff_user',
        targetId: org1.interviewer.id,
        details: {},
        ip: '127.0.0.1',
      },
    ]);
    const unknown = await entriesOf(() =>
      t.app.client().post('/api/staff/sign-in', { email: 'nobody@example.com', password: 'wrong' }),
    );
    expect(unknown).toMatchObject([
      {
        organisationId: null,
        actorEmail: 'nobody@example.com',
        action: 'staff.sign_in_failed',
        targetId: null,
      },
    ]);
  });

  it('records each manager action once, naming the manager and what they acted on', async () => {
    const manager = await signedIn(org1.manager.email);
    const actor = { organisationId: org1.organisationId, actorId: org1.manager.id, ip: '127.0.0.1' };

    let assessmentId = '';
    const composed = await entriesOf(async () => {
      const reply = await manager.post('/api/staff/assessments', {
        title: 'Audited assessment',
        challengeSlugs: [SLUG],
        timeLimitMinutes: 60,
      });
      expect(reply.status).toBe(201);
      assessmentId = reply.body.assessment.id;
    });
    expect(composed).toMatchObject([
      { ...actor, action: 'assessment.create', targetType: 'assessment', targetId: assessmentId },
    ]);
    expect(composed).toHaveLength(1);

    let invited = { invitationId: '', attemptId: '' };
    const single = await entriesOf(async () => {
      const reply = await manager.post(`/api/staff/assessments/${assessmentId}/invitations`, {
        candidateName: 'Ada',
        candidateEmail: 'ada@example.com',
      });
      expect(reply.status).toBe(201);
      invited = reply.body.invitations[0];
    });
    expect(single).toMatchObject([
      { ...actor, action: 'invitation.create', targetType: 'invitation', targetId: invited.invitationId },
    ]);
    expect(single).toHaveLength(1);

    let csvIds: string[] = [];
    const csv = await entriesOf(async () => {
      const reply = await manager.post(`/api/staff/assessments/${assessmentId}/invitations/csv`, {
        csv: 'name,email\nBo,bo@example.com\nCy,cy@example.com\n',
      });
      expect(reply.status).toBe(201);
      csvIds = reply.body.invitations.map((i: { invitationId: string }) => i.invitationId);
    });
    expect(csv).toMatchObject([
      { ...actor, action: 'invitation.import_csv', targetType: 'assessment', targetId: assessmentId },
    ]);
    expect(csv).toHaveLength(1);
    expect(csv[0]?.details).toEqual({ count: 2, invitationIds: csvIds });

    const extended = await entriesOf(async () => {
      expect(
        (await manager.post(`/api/staff/attempts/${invited.attemptId}/extend`, { minutes: 60 })).status,
      ).toBe(200);
    });
    expect(extended).toMatchObject([
      { ...actor, action: 'invitation.extend', targetType: 'invitation', targetId: invited.invitationId },
    ]);
    expect(extended).toHaveLength(1);
    expect(extended[0]?.details).toEqual({ attemptId: invited.attemptId, minutes: 60, extended: 'expiry' });

    const revoked = await entriesOf(async () => {
      expect((await manager.post(`/api/staff/attempts/${invited.attemptId}/revoke`)).status).toBe(200);
    });
    expect(revoked).toMatchObject([
      { ...actor, action: 'invitation.revoke', targetType: 'invitation', targetId: invited.invitationId },
    ]);
    expect(revoked).toHaveLength(1);

    const exported = await entriesOf(async () => {
      expect((await manager.get(`/api/staff/assessments/${assessmentId}/comparison.csv`)).status).toBe(200);
    });
    expect(exported).toMatchObject([
      { ...actor, action: 'comparison.export_csv', targetType: 'assessment', targetId: assessmentId },
    ]);
    expect(exported).toHaveLength(1);
  });

  it("records an interviewer's review and replay note once each", async () => {
    const attemptId = await submittedAttempt();
    const interviewer = await signedIn(org1.interviewer.email);
    const actor = { organisationId: org1.organisationId, actorId: org1.interviewer.id };

    const noted = await entriesOf(async () => {
      const reply = await interviewer.post(`/api/staff/attempts/${attemptId}/replay/notes`, {
        challengeSlug: SLUG,
        seq: 0,
        body: 'Read the brief first',
      });
      expect(reply.status).toBe(201);
    });
    const note = await t.database.db.query<{ id: string }>(
      'select id from replay_notes where attempt_id = $1',
      [attemptId],
    );
    expect(noted).toMatchObject([
      { ...actor, action: 'replay_note.create', targetType: 'replay_note', targetId: note.rows[0]?.id },
    ]);
    expect(noted).toHaveLength(1);

    const dimensions = new Set(
      t.app.deps.catalogue.challenges.get(SLUG)!.manifest.checks.map((c) => c.dimension),
    );
    const ratings = Object.fromEntries([...dimensions].map((d) => [d, { rating: 3 }]));
    const reviewed = await entriesOf(async () => {
      const reply = await interviewer.post(`/api/staff/attempts/${attemptId}/review`, {
        ratings,
        recommendation: 'yes',
      });
      expect(reply.status).toBe(201);
    });
    const review = await t.database.db.query<{ id: string }>('select id from reviews where attempt_id = $1', [
      attemptId,
    ]);
    expect(reviewed).toMatchObject([
      { ...actor, action: 'review.submit', targetType: 'review', targetId: review.rows[0]?.id },
    ]);
    expect(reviewed).toHaveLength(1);
    expect(reviewed[0]?.details).toEqual({ attemptId, recommendation: 'yes' });
  });

  it('keeps an action and its entry together: a failed audit write undoes the revoke', async () => {
    const { attemptId } = await createInvitation(t.database.db, org1, { name: 'Not Revoked' });
    const manager = await signedIn(org1.manager.email);
    // The audit table refuses this one action, as a full disk or a bug would: the revoke must not stand.
    await t.database.db.query(
      `alter table audit_log add constraint test_refuses_revoke check (action <> 'invitation.revoke') not valid`,
    );
    try {
      expect((await manager.post(`/api/staff/attempts/${attemptId}/revoke`)).status).toBe(500);
    } finally {
      await t.database.db.query('alter table audit_log drop constraint test_refuses_revoke');
    }
    const { rows } = await t.database.db.query<{ revokedAt: Date | null }>(
      `select i.revoked_at as "revokedAt" from invitations i join attempts a on a.invitation_id = i.id
       where a.id = $1`,
      [attemptId],
    );
    expect(rows).toEqual([{ revokedAt: null }]);
  });

  it('writes no entry when the action is refused', async () => {
    const attemptId = await submittedAttempt();
    const manager = await signedIn(org1.manager.email);
    const refused = await entriesOf(async () => {
      expect((await manager.post(`/api/staff/attempts/${attemptId}/revoke`)).status).toBe(409);
      const repeat = await manager.post(`/api/staff/assessments/${org1.assessmentId}/invitations/csv`, {
        csv: 'Dee,dee@example.com\nDee again,dee@example.com\n',
      });
      expect(repeat.status).toBe(409);
    });
    expect(refused).toEqual([]);
  });

  it("shows a manager the organisation's entries, newest first, a page at a time", async () => {
    const manager = await signedIn(org1.manager.email);
    const first = await manager.get('/api/staff/audit?limit=2');
    expect(first.status).toBe(200);
    const page = auditPageSchema.parse(first.body);
    expect(page.entries).toHaveLength(2);
    expect(page.entries[0]).toMatchObject({
      action: 'staff.sign_in',
      actor: { id: org1.manager.id, name: 'Manager', email: org1.manager.email },
      target: { type: 'staff_user', id: org1.manager.id },
      ip: '127.0.0.1',
    });
    expect(page.entries[0]!.id).toBeGreaterThan(page.entries[1]!.id);
    expect(page.nextBefore).toBe(page.entries[1]!.id);

    const next = auditPageSchema.parse(
      (await manager.get(`/api/staff/audit?limit=2&before=${page.nextBefore}`)).body,
    );
    expect(next.entries[0]!.id).toBeLessThan(page.entries[1]!.id);

    const all = auditPageSchema.parse((await manager.get('/api/staff/audit?limit=200')).body);
    const { rows } = await t.database.db.query<{ count: number }>(
      'select count(*)::int as count from audit_log where organisation_id = $1',
      [org1.organisationId],
    );
    expect(all.entries).toHaveLength(rows[0]!.count);
    expect(all.nextBefore).toBeNull();
    expect((await manager.get('/api/staff/audit?limit=0')).body.error.message).toMatch(/^limit: /);
  });

  it('refuses the audit log to an interviewer and to anyone signed out', async () => {
    const interviewer = await signedIn(org1.interviewer.email);
    const reply = await interviewer.get('/api/staff/audit');
    expect(reply.status).toBe(403);
    expect(reply.body.error.id).toBe('forbidden');
    expect((await t.app.client().get('/api/staff/audit')).status).toBe(401);
  });

  it("never shows one organisation's entries to another's manager", async () => {
    const org1Ids = new Set(
      (
        await t.database.db.query<{ id: string }>(
          'select id::text from audit_log where organisation_id = $1',
          [org1.organisationId],
        )
      ).rows.map((r) => Number(r.id)),
    );
    expect(org1Ids.size).toBeGreaterThan(5);
    const manager = await signedIn(org2.manager.email);
    const seen = auditPageSchema.parse((await manager.get('/api/staff/audit?limit=200')).body);
    expect(seen.entries.length).toBeGreaterThan(0);
    for (const entry of seen.entries) expect(org1Ids.has(entry.id)).toBe(false);
    expect(seen.entries.every((e) => e.actor.id === org2.manager.id)).toBe(true);
    expect(JSON.stringify(seen)).not.toContain(org1.manager.email);
  });
});
