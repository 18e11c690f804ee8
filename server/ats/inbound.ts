/**
 * Inviting a candidate because an applicant tracking system asked: the same command a manager's
 * invitation runs (so mail, webhooks and the audit behave the same), plus the link back to the
 * ATS record and, for a webhook, its message id, so a message delivered twice invites once.
 */
import { inviteCandidates } from '../commands/invite-candidates.ts';
import type { Queryable } from '../db/pool.ts';
import type { AppDeps } from '../deps.ts';
import { type AuditActor, recordAudit } from '../security/audit.ts';

export type AtsSource = 'greenhouse' | 'lever' | 'generic';

export interface AtsInvitation {
  organisationId: string;
  assessmentId: string;
  source: AtsSource;
  connectionId: string | null;
  /** The ATS's own id for the candidate or application, kept to answer it later. */
  externalId: string;
  /** The inbound message's id (a webhook's), when it has one: acted on once. */
  messageId: string | null;
  candidateName: string;
  candidateEmail: string;
  timeZone?: string | undefined;
  actor: AuditActor;
}

/** Days an ATS-sent invitation stays open (a manager can extend it like any other). */
export const ATS_INVITATION_DAYS = 7;

/** The attempt a message already made, if it was received before. */
async function answeredBefore(db: Queryable, i: AtsInvitation): Promise<string | null> {
  if (i.messageId) {
    const { rows } = await db.query<{ attemptId: string | null }>(
      `select attempt_id as "attemptId" from ats_inbound
       where organisation_id = $1 and source = $2 and message_id = $3`,
      [i.organisationId, i.source, i.messageId],
    );
    if (rows[0]?.attemptId) return rows[0].attemptId;
  }
  // The same ATS record asking again for the same assessment (a retried send_test has no id).
  const { rows } = await db.query<{ attemptId: string }>(
    `select t.id as "attemptId" from ats_links l
       join invitations i on i.id = l.invitation_id
       join attempts t on t.invitation_id = i.id
     where l.organisation_id = $1 and l.source = $2 and l.external_id = $3
       and i.assessment_id = $4 and lower(i.candidate_email) = lower($5)`,
    [i.organisationId, i.source, i.externalId, i.assessmentId, i.candidateEmail],
  );
  return rows[0]?.attemptId ?? null;
}

/**
 * Invites the candidate (or finds the invitation this ATS record already has) and returns the
 * attempt. A candidate invited to the assessment some other way is refused (409), as a manager's
 * second invitation would be.
 */
export async function inviteFromAts(
  deps: Pick<AppDeps, 'db' | 'config'>,
  i: AtsInvitation,
): Promise<{ attemptId: string; repeated: boolean }> {
  const before = await answeredBefore(deps.db, i);
  if (before) return { attemptId: before, repeated: true };
  const [created] = await inviteCandidates(
    deps.db,
    { id: i.assessmentId, organisationId: i.organisationId },
    [{ candidateName: i.candidateName, candidateEmail: i.candidateEmail, source: 'candidate.email' }],
    ATS_INVITATION_DAYS,
    async (client, rows) => {
      const row = rows[0];
      if (!row) return;
      await client.query(
        `insert into ats_links (invitation_id, organisation_id, source, connection_id, external_id)
         values ($1, $2, $3, $4, $5)`,
        [row.invitationId, i.organisationId, i.source, i.connectionId, i.externalId],
      );
      if (i.messageId) {
        await client.query(
          `insert into ats_inbound (organisation_id, source, message_id, attempt_id) values ($1, $2, $3, $4)`,
          [i.organisationId, i.source, i.messageId, row.attemptId],
        );
      }
      await recordAudit(client, i.actor, {
        action: 'invitation.create',
        target: { type: 'invitation', id: row.invitationId },
        details: { assessmentId: i.assessmentId, candidateEmail: row.candidateEmail, via: i.source },
      });
    },
    { publicUrl: deps.config.PUBLIC_URL, timeZone: i.timeZone },
  );
  if (!created) throw new Error('the invitation was not created');
  return { attemptId: created.invitation.attemptId, repeated: false };
}

/** Notes a message that asked for nothing (another event, another stage), so a retry is quiet too. */
export async function noteIgnored(
  db: Queryable,
  organisationId: string,
  source: AtsSource,
  messageId: string,
): Promise<void> {
  await db.query(
    `insert into ats_inbound (organisation_id, source, message_id) values ($1, $2, $3)
     on conflict do nothing`,
    [organisationId, source, messageId],
  );
}
