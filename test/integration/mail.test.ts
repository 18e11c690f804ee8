/**
 * Email through a real SMTP server on loopback (smtp-server), parsed as it arrives (mailparser):
 * invitations, an outage of the mail server, the outbox without SMTP_URL, escaping, the reminder
 * sweep, and the candidate's confirmation and the owner's "graded" notice.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import type { PgBoss } from 'pg-boss';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { requestGrading } from '../../server/commands/request-grading.ts';
import { configWith } from '../../server/config.ts';
import type { AppDeps } from '../../server/deps.ts';
import { startBoss } from '../../server/grading/queue.ts';
import { recoverStrandedGradings } from '../../server/grading/recovery.ts';
import { remindExpiringInvitations } from '../../server/mail/compose.ts';
import { startMailer } from '../../server/mail/sender.ts';
import { markAttemptStarted } from '../../server/queries/attempts.ts';
import { recordGrading } from '../../server/scoring/record.ts';
import { recordingQueue } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  createInvitation,
  createOrganisation,
  PASSWORD,
  type TestOrganisation,
} from '../support/factories.ts';
import { Client, listen } from '../support/http.ts';

const PUBLIC_URL = 'https://hire.example.com';

/** A real SMTP server on loopback that parses and keeps every message it accepts; restartable. */
function smtpServer(received: ParsedMail[]) {
  let server: SMTPServer | undefined;
  return {
    listen: (port = 0) =>
      new Promise<number>((resolve) => {
        // A closed SMTPServer refuses connections for good: a restart is a new one on the same port.
        const fresh = new SMTPServer({
          authOptional: true,
          disabledCommands: ['STARTTLS'],
          logger: false,
          onData(stream, _session, callback) {
            simpleParser(stream)
              .then((mail) => {
                received.push(mail);
                callback();
              })
              .catch(callback);
          },
        });
        server = fresh;
        fresh.listen(port, '127.0.0.1', () => resolve((fresh.server.address() as AddressInfo).port));
      }),
    close: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 30_000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let database: TestDatabase;
let boss: PgBoss;
let deps: AppDeps;
let server: Awaited<ReturnType<typeof listen>>;
let org: TestOrganisation;
let other: TestOrganisation;
const received: ParsedMail[] = [];
const smtp = smtpServer(received);
let smtpPort: number;

beforeAll(async () => {
  database = await createTestDatabase();
  boss = await startBoss(database.url);
  smtpPort = await smtp.listen();
  deps = {
    config: configWith({ SESSION_SECRET: 'test-secret-test-secret', PUBLIC_URL }),
    db: database.db,
    catalogue: await loadCatalogue(),
    queue: recordingQueue(),
  };
  server = await listen(createApp(deps, { clientDist: '/nonexistent' }));
  org = await createOrganisation(database.db);
  other = await createOrganisation(database.db);
  await database.db.query(`update organisations set mail_from = 'hiring@acme.example' where id = $1`, [
    org.organisationId,
  ]);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await boss?.stop({ graceful: false, timeout: 1000 });
  await smtp.close();
  await database?.drop();
});

async function signedIn(email: string) {
  const client = new Client(server.baseUrl);
  expect((await client.post('/api/staff/sign-in', { email, password: PASSWORD })).status).toBe(200);
  return client;
}

async function invite(candidateName: string, extra: object = {}) {
  const manager = await signedIn(org.manager.email);
  const candidateEmail = `c-${Math.random().toString(36).slice(2)}@example.com`;
  const reply = await manager.post(`/api/staff/assessments/${org.assessmentId}/invitations`, {
    candidateName,
    candidateEmail,
    ...extra,
  });
  expect(reply.status).toBe(201);
  return { candidateEmail, link: reply.body.invitations[0].link as string };
}

const organisationName = async (id: string) =>
  (await database.db.query<{ name: string }>('select name from organisations where id = $1', [id])).rows[0]
    ?.name ?? '';

const outboxOf = async (recipient: string) =>
  (
    await database.db.query<{ kind: string; status: string; attempts: number; html_body: string }>(
      'select kind, status, attempts, html_body from outbox where recipient like $1 order by created_at',
      [`%${recipient}%`],
    )
  ).rows;

describe('with an SMTP server', () => {
  let mailer: Awaited<ReturnType<typeof startMailer>>;
  beforeAll(async () => {
    mailer = await startMailer({
      config: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SMTP_FROM: undefined },
      db: database.db,
      boss,
      pumpMs: 3600_000,
      retryDelaySeconds: 1,
    });
  });
  afterAll(async () => mailer.stop());

  it('sends the invitation with its link, the organisation, the expiry in the candidate zone, text and HTML', async () => {
    const { candidateEmail, link } = await invite('Ada Lovelace', { timeZone: 'Europe/Berlin' });
    await mailer.pump();
    const mail = await waitFor('the invitation', () =>
      received.find((m) => m.to && !Array.isArray(m.to) && m.to.text === candidateEmail),
    );
    const name = await organisationName(org.organisationId);
    expect(mail.subject).toMatch(new RegExp(`^${name}: your invitation to ".+"$`));
    expect(mail.from?.text).toBe('hiring@acme.example');
    expect(mail.text).toContain(`${PUBLIC_URL}${link}`);
    expect(mail.text).toContain('Hello Ada Lovelace');
    expect(mail.text).toContain(name);
    expect(mail.text).toContain('(Europe/Berlin)');
    expect(mail.html).toContain(`href="${PUBLIC_URL}${link}"`);
    expect(mail.html).toContain(name);
    expect((await outboxOf(candidateEmail))[0]).toMatchObject({ kind: 'invitation', status: 'sent' });
  });

  it('delays mail while the SMTP server is down and delivers it once when it is back', async () => {
    await smtp.close();
    const { candidateEmail } = await invite('Grace Hopper');
    await mailer.pump();
    await waitFor('a failed try', async () =>
      (await outboxOf(candidateEmail))[0]?.attempts ? true : undefined,
    );
    expect((await outboxOf(candidateEmail))[0]).toMatchObject({ status: 'queued' });
    await smtp.listen(smtpPort);
    await mailer.pump(); // handing it out again must not send it twice
    const mail = await waitFor('the delayed invitation', () =>
      received.find((m) => m.to && !Array.isArray(m.to) && m.to.text === candidateEmail),
    );
    expect(mail.text).toContain('Hello Grace Hopper');
    await waitFor('sent', async () =>
      (await outboxOf(candidateEmail))[0]?.status === 'sent' ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 2000));
    expect(received.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === candidateEmail)).toHaveLength(
      1,
    );
  }, 60_000);

  it('escapes a hostile candidate name in the HTML part', async () => {
    const hostile = '<img src=x onerror=alert(1)> & "Bobby"';
    const { candidateEmail } = await invite(hostile);
    await mailer.pump();
    const mail = await waitFor('the invitation', () =>
      received.find((m) => m.to && !Array.isArray(m.to) && m.to.text === candidateEmail),
    );
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Bobby&quot;');
    expect(mail.text).toContain(hostile);
  });
});

describe('without SMTP_URL', () => {
  it('holds the message in the outbox, readable by the manager of its organisation only', async () => {
    const mailer = await startMailer({
      config: { SMTP_URL: undefined, SMTP_FROM: undefined },
      db: database.db,
      boss,
      pumpMs: 3600_000,
    });
    try {
      const { candidateEmail } = await invite('Held Candidate');
      await mailer.pump();
      expect((await outboxOf(candidateEmail))[0]).toMatchObject({ kind: 'invitation', status: 'held' });
      const manager = await signedIn(org.manager.email);
      const page = await manager.get('/api/staff/outbox?limit=200');
      expect(page.status).toBe(200);
      const held = page.body.messages.find((m: { to: string }) => m.to === candidateEmail);
      expect(held).toMatchObject({ kind: 'invitation', status: 'held' });
      expect(held.text).toContain('Hello Held Candidate');
      const otherManager = await signedIn(other.manager.email);
      const theirs = await otherManager.get('/api/staff/outbox');
      expect(theirs.status).toBe(200);
      expect(JSON.stringify(theirs.body)).not.toContain(candidateEmail);
      const interviewer = await signedIn(org.interviewer.email);
      expect((await interviewer.get('/api/staff/outbox')).status).toBe(403);
      expect((await new Client(server.baseUrl).get('/api/staff/outbox')).status).toBe(401);
    } finally {
      await mailer.stop();
    }
  });
});

describe('a scheduled interview', () => {
  it('invites the candidate to the slot, written in their time zone', async () => {
    const manager = await signedIn(org.manager.email);
    const candidateEmail = `interviewee-${Date.now()}@example.com`;
    const reply = await manager.post('/api/staff/interviews', {
      title: 'Pairing on a pipeline',
      challengeSlugs: ['k8s-crashloop-rollback'],
      startsAt: new Date(Date.now() + 2 * 24 * 3600_000).toISOString(),
      durationMinutes: 60,
      candidateName: 'Interviewee',
      candidateEmail,
      timeZone: 'Asia/Tokyo',
    });
    expect(reply.status).toBe(201);
    const { rows } = await database.db.query<{ text_body: string }>(
      `select text_body from outbox where kind = 'invitation' and recipient = $1`,
      [candidateEmail],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.text_body).toContain('live technical interview');
    expect(rows[0]?.text_body).toContain('(Asia/Tokyo)');
    expect(rows[0]?.text_body).toContain(`${PUBLIC_URL}${reply.body.link}`);
  });
});

describe('the reminder sweep and the attempt notices', () => {
  it('stores one reminder per unused invitation expiring within a day', async () => {
    const soon = await createInvitation(database.db, org, { expiresAt: new Date(Date.now() + 6 * 3600_000) });
    const later = await createInvitation(database.db, org, {
      expiresAt: new Date(Date.now() + 3 * 24 * 3600_000),
    });
    expect(await remindExpiringInvitations(database.db)).toBeGreaterThanOrEqual(1);
    expect(await remindExpiringInvitations(database.db)).toBe(0);
    expect((await outboxOf(soon.email)).map((m) => m.kind)).toEqual(['reminder']);
    expect(await outboxOf(later.email)).toEqual([]);
  });

  it('confirms the submit to the candidate and tells the owner once every submission is graded', async () => {
    const { attemptId, email } = await createInvitation(database.db, org, { name: 'Sub Mitter' });
    await markAttemptStarted(database.db, attemptId, 60);
    const grading = await requestGrading(deps, attemptId, 'terraform-refactor', 'submit');
    expect((await outboxOf(email)).map((m) => m.kind)).toEqual(['submitted']);
    await recordGrading(
      database.db,
      grading,
      { kind: 'grader_error', error: 'x', wallMs: 1, tampering: false },
      { publicUrl: PUBLIC_URL },
    );
    const graded = (await outboxOf(org.manager.email)).filter((m) => m.kind === 'graded');
    expect(graded).toHaveLength(1);
    // The owner's link to the review is whole, as the candidate's invitation link is.
    expect(graded[0]?.html_body).toContain(`href="${PUBLIC_URL}/staff/attempts/${attemptId}"`);
  });

  it('tells the owner when the last submission is given up by the recovery sweep', async () => {
    const { attemptId } = await createInvitation(database.db, org);
    await markAttemptStarted(database.db, attemptId, 60);
    await requestGrading(deps, attemptId, 'terraform-refactor', 'submit');
    await database.db.query(
      `update gradings set created_at = now() - interval '2 hours' where attempt_id = $1`,
      [attemptId],
    );
    await recoverStrandedGradings(database.db, recordingQueue());
    const { rows } = await database.db.query<{ recipient: string }>(
      `select recipient from outbox where kind = 'graded' and subject_id = $1`,
      [attemptId],
    );
    expect(rows.map((r) => r.recipient)).toEqual([expect.stringContaining(org.manager.email)]);
  });
});
