/**
 * What causes mail: each function reads what its message needs and stores it in the outbox, inside
 * the caller's transaction, once per (kind, subject). Called from server/announce.ts, which also
 * records the webhook event of the same moment.
 */
import type { Queryable } from '../db/pool.ts';
import { storeMail } from './outbox.ts';
import {
  gradedMail,
  invitationLink,
  invitationMail,
  reminderMail,
  serverLink,
  submittedMail,
} from './templates.ts';

interface InvitationFacts {
  organisationId: string;
  organisation: string;
  candidateName: string;
  candidateEmail: string;
  title: string;
  timeLimitMinutes: number;
  expiresAt: Date;
  timeZone: string | null;
  interviewStartsAt: Date | null;
  attemptId: string;
  submittedAt: Date | null;
}

const FACTS = `select i.organisation_id as "organisationId", o.name as organisation,
    i.candidate_name as "candidateName", i.candidate_email as "candidateEmail", a.title,
    a.time_limit_minutes as "timeLimitMinutes", i.expires_at as "expiresAt", i.time_zone as "timeZone",
    iv.starts_at as "interviewStartsAt", t.id as "attemptId", t.submitted_at as "submittedAt", i.id as "invitationId"
  from invitations i
  join organisations o on o.id = i.organisation_id
  join assessments a on a.id = i.assessment_id
  join attempts t on t.invitation_id = i.id
  left join interviews iv on iv.invitation_id = i.id`;

async function facts(db: Queryable, where: string, id: string): Promise<InvitationFacts> {
  const { rows } = await db.query<InvitationFacts>(`${FACTS} where ${where} = $1`, [id]);
  const row = rows[0];
  if (!row) throw new Error(`mail: no invitation for ${where} ${id}`);
  return row;
}

/** The candidate's invitation, with the link carrying the token (known only now). */
export async function mailInvitation(
  db: Queryable,
  invitation: { invitationId: string; token: string; publicUrl: string | undefined },
): Promise<void> {
  const f = await facts(db, 'i.id', invitation.invitationId);
  await storeMail(db, {
    organisationId: f.organisationId,
    recipient: f.candidateEmail,
    kind: 'invitation',
    subjectId: invitation.invitationId,
    ...invitationMail({ ...f, link: invitationLink(invitation.token, invitation.publicUrl) }),
  });
}

/** The reminder a day before an unused invitation expires. */
export async function mailReminder(db: Queryable, invitationId: string): Promise<boolean> {
  const f = await facts(db, 'i.id', invitationId);
  const id = await storeMail(db, {
    organisationId: f.organisationId,
    recipient: f.candidateEmail,
    kind: 'reminder',
    subjectId: invitationId,
    ...reminderMail(f),
  });
  return id !== null;
}

/** The candidate's confirmation once the whole attempt is submitted. */
export async function mailSubmitted(db: Queryable, attemptId: string): Promise<void> {
  const f = await facts(db, 't.id', attemptId);
  await storeMail(db, {
    organisationId: f.organisationId,
    recipient: f.candidateEmail,
    kind: 'submitted',
    subjectId: attemptId,
    ...submittedMail({ ...f, submittedAt: f.submittedAt ?? new Date() }),
  });
}

/**
 * The "graded" notice to the assessment's owner (its creator; the organisation's managers when the
 * creator is gone). Stored when server/announce.ts finds every submission of the attempt graded.
 */
export async function mailGraded(
  db: Queryable,
  attemptId: string,
  publicUrl: string | undefined,
): Promise<void> {
  const f = await facts(db, 't.id', attemptId);
  const { rows: owners } = await db.query<{ email: string }>(
    `select u.email from attempts t join assessments a on a.id = t.assessment_id
       join staff_users u on u.id = a.created_by where t.id = $1
     union
     select u.email from attempts t join staff_users u on u.organisation_id = t.organisation_id
     where t.id = $1 and u.role = 'manager'
       and not exists (select 1 from assessments a join staff_users c on c.id = a.created_by where a.id = t.assessment_id)
     order by email`,
    [attemptId],
  );
  if (owners.length === 0) return;
  await storeMail(db, {
    organisationId: f.organisationId,
    recipient: owners.map((o) => o.email).join(', '),
    kind: 'graded',
    subjectId: attemptId,
    ...gradedMail({ ...f, review: serverLink(`/staff/attempts/${attemptId}`, publicUrl) }),
  });
}

/** How many reminders one sweep stores at most; the next sweep takes the rest. */
const REMINDER_BATCH = 200;

/**
 * The reminder sweep: every invitation that expires within a day, was never used (its attempt not
 * started, not revoked, not a scheduled interview's) and has no reminder yet gets one. Returns how
 * many it stored; safe to run concurrently (the outbox's key keeps one per invitation).
 */
export async function remindExpiringInvitations(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `select i.id from invitations i join attempts t on t.invitation_id = i.id
     where i.revoked_at is null and t.started_at is null
       and i.expires_at > now() and i.expires_at <= now() + interval '24 hours'
       and not exists (select 1 from interviews iv where iv.invitation_id = i.id)
       and not exists (select 1 from outbox m where m.kind = 'reminder' and m.subject_id = i.id)
     order by i.expires_at limit $1`,
    [REMINDER_BATCH],
  );
  let stored = 0;
  for (const { id } of rows) if (await mailReminder(db, id)) stored += 1;
  return stored;
}
