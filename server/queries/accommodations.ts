import type { TimeCreditCause } from '../contract/time-credits.ts';
import type { Queryable } from '../db/pool.ts';

export interface AccommodationRow {
  extraPercent: number | null;
  extraMinutes: number | null;
  note: string;
  timeFactor: number;
  setAt: Date;
}

export async function findAccommodation(
  db: Queryable,
  attemptId: string,
): Promise<AccommodationRow | undefined> {
  const { rows } = await db.query<AccommodationRow>(
    `select extra_percent as "extraPercent", extra_minutes as "extraMinutes", note,
       time_factor::float8 as "timeFactor", set_at as "setAt"
     from accommodations where attempt_id = $1`,
    [attemptId],
  );
  return rows[0];
}

export async function saveAccommodation(
  db: Queryable,
  a: {
    attemptId: string;
    organisationId: string;
    extraPercent: number | null;
    extraMinutes: number | null;
    note: string;
    timeFactor: number;
    setBy: string | null;
  },
): Promise<void> {
  await db.query(
    `insert into accommodations (attempt_id, organisation_id, extra_percent, extra_minutes, note, time_factor, set_by)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (attempt_id) do update set extra_percent = $3, extra_minutes = $4, note = $5,
       time_factor = $6, set_by = $7, set_at = now()`,
    [a.attemptId, a.organisationId, a.extraPercent, a.extraMinutes, a.note, a.timeFactor, a.setBy],
  );
}

export async function deleteAccommodation(db: Queryable, attemptId: string): Promise<void> {
  await db.query('delete from accommodations where attempt_id = $1', [attemptId]);
}

export interface TimeCreditRow {
  cause: TimeCreditCause;
  minutes: number;
  deadlineBefore: Date;
  deadlineAfter: Date;
  createdAt: Date;
}

/** Records an incident's credit; undefined when this incident was already credited. */
export async function insertTimeCredit(
  db: Queryable,
  c: {
    organisationId: string;
    attemptId: string;
    cause: TimeCreditRow['cause'];
    incidentId: string;
    minutes: number;
    deadlineBefore: Date;
    deadlineAfter: Date;
  },
): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `insert into time_credits (organisation_id, attempt_id, cause, incident_id, minutes, deadline_before, deadline_after)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (attempt_id, cause, incident_id) do nothing returning id`,
    [c.organisationId, c.attemptId, c.cause, c.incidentId, c.minutes, c.deadlineBefore, c.deadlineAfter],
  );
  return rows[0]?.id;
}

export async function listTimeCredits(db: Queryable, attemptId: string): Promise<TimeCreditRow[]> {
  const { rows } = await db.query<TimeCreditRow>(
    `select cause, minutes, deadline_before as "deadlineBefore", deadline_after as "deadlineAfter",
       created_at as "createdAt"
     from time_credits where attempt_id = $1 order by created_at, id`,
    [attemptId],
  );
  return rows;
}

/** Moves a started, unsubmitted attempt's deadline later (never earlier) to `to`. */
export async function moveAttemptDeadline(db: Queryable, attemptId: string, to: Date): Promise<void> {
  await db.query(
    `update attempts set deadline_at = greatest(deadline_at, $2::timestamptz)
     where id = $1 and started_at is not null and submitted_at is null`,
    [attemptId, to],
  );
}

/** An unsubmitted attempt's check runs still queued after `seconds`: a stalled queue's victims. */
export async function listStalledRuns(db: Queryable, attemptId: string, seconds: number) {
  const { rows } = await db.query<{
    id: string;
    attemptId: string;
    challengeSlug: string;
    kind: string;
    createdAt: Date;
  }>(
    `select id, attempt_id as "attemptId", challenge_slug as "challengeSlug", kind, created_at as "createdAt"
     from gradings where attempt_id = $1 and kind = 'run' and status = 'queued'
       and created_at < now() - make_interval(secs => $2)
     order by created_at`,
    [attemptId, seconds],
  );
  return rows;
}
