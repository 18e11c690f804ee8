import type { MAIL_KINDS, OUTBOX_STATUSES } from '../contract/outbox.ts';
import type { Queryable } from '../db/pool.ts';
import type { RenderedMail } from './templates.ts';

export type MailKind = (typeof MAIL_KINDS)[number];
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxRow {
  id: string;
  organisationId: string;
  recipient: string;
  kind: MailKind;
  subjectId: string;
  subject: string;
  text: string;
  html: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** The organisation's from address, when it set one. */
  mailFrom: string | null;
}

const COLUMNS = `m.id, m.organisation_id as "organisationId", m.recipient, m.kind, m.subject_id as "subjectId",
  m.subject, m.text_body as text, m.html_body as html, m.status, m.attempts, m.last_error as "lastError",
  m.created_at as "createdAt", m.sent_at as "sentAt", o.mail_from as "mailFrom"`;

/**
 * Stores a message to send, once per (kind, subject): a repeated trigger changes nothing. Call it
 * inside the transaction of the action that caused it. Returns the new row's id, or null if the
 * message was already stored.
 */
export async function storeMail(
  db: Queryable,
  mail: RenderedMail & { organisationId: string; recipient: string; kind: MailKind; subjectId: string },
): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `insert into outbox (organisation_id, recipient, kind, subject_id, subject, text_body, html_body)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (kind, subject_id) do nothing returning id`,
    [mail.organisationId, mail.recipient, mail.kind, mail.subjectId, mail.subject, mail.text, mail.html],
  );
  return rows[0]?.id ?? null;
}

export async function findOutboxMessage(db: Queryable, id: string): Promise<OutboxRow | undefined> {
  const { rows } = await db.query<OutboxRow>(
    `select ${COLUMNS} from outbox m join organisations o on o.id = m.organisation_id where m.id = $1`,
    [id],
  );
  return rows[0];
}

/** The organisation's messages, newest first, older than the message `before` when given. */
export async function listOutbox(
  db: Queryable,
  organisationId: string,
  page: { limit: number; before?: string | undefined },
): Promise<OutboxRow[]> {
  const { rows } = await db.query<OutboxRow>(
    `select ${COLUMNS} from outbox m join organisations o on o.id = m.organisation_id
     where m.organisation_id = $1
       and ($2::uuid is null or (m.created_at, m.id) < (select created_at, id from outbox where id = $2))
     order by m.created_at desc, m.id desc limit $3`,
    [organisationId, page.before ?? null, page.limit],
  );
  return rows;
}

/** With no SMTP server, queued messages are held for managers to read in the outbox. */
export async function holdQueued(db: Queryable): Promise<number> {
  const { rowCount } = await db.query(`update outbox set status = 'held' where status = 'queued'`);
  return rowCount ?? 0;
}

/**
 * Queued messages that have no job yet, or whose job was last handed out long ago (lost with a
 * dead queue): marked as handed out now and returned, so concurrent pumps split them.
 */
export async function takeUnsent(db: Queryable, staleSeconds: number, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `update outbox set enqueued_at = now()
     where id in (
       select id from outbox
       where status = 'queued' and (enqueued_at is null or enqueued_at < now() - make_interval(secs => $1))
       order by created_at limit $2 for update skip locked)
     returning id`,
    [staleSeconds, limit],
  );
  return rows.map((r) => r.id);
}

export async function markSent(db: Queryable, id: string): Promise<void> {
  await db.query(
    `update outbox set status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = null
     where id = $1 and status = 'queued'`,
    [id],
  );
}

/** A failed try: counted with its error; `final` when no retry is left. */
export async function markAttemptFailed(
  db: Queryable,
  id: string,
  error: string,
  final: boolean,
): Promise<void> {
  await db.query(
    `update outbox set attempts = attempts + 1, last_error = $2,
       status = case when $3 then 'failed' else status end
     where id = $1 and status = 'queued'`,
    [id, error.slice(0, 2000), final],
  );
}
