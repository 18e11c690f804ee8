import type { WorkspaceFile } from '../contract/api.ts';
import { one, type Queryable } from '../db/pool.ts';
import type { GradingKind, GradingStatus, StoredCheckResult, StoredDiagnostic } from '../scoring/types.ts';

export interface GradingRow {
  id: string;
  organisationId: string;
  attemptId: string;
  challengeSlug: string;
  kind: GradingKind;
  status: GradingStatus;
  score: number | null;
  checks: StoredCheckResult[] | null;
  diagnostics: StoredDiagnostic[] | null;
  error: string | null;
  /** The grader's output was written to by something else (a grader error, never a score). */
  tampering: boolean;
  /** A superseded check run: the newer run of the same challenge that replaced it. */
  supersededBy: string | null;
  createdAt: Date;
}

const COLUMNS = `id, organisation_id as "organisationId", attempt_id as "attemptId", challenge_slug as "challengeSlug",
  kind, status, score::float8 as score, checks, diagnostics, error, tampering, superseded_by as "supersededBy",
  created_at as "createdAt"`;

export async function insertGrading(
  db: Queryable,
  g: {
    organisationId: string;
    attemptId: string;
    challengeSlug: string;
    kind: GradingKind;
    files: WorkspaceFile[];
    /** Given when runs it replaces were already marked with it (supersedeQueuedRuns). */
    id?: string;
  },
): Promise<GradingRow> {
  const { rows } = await db.query<GradingRow>(
    `insert into gradings (id, organisation_id, attempt_id, challenge_slug, kind, files)
     values (coalesce($6::uuid, gen_random_uuid()), $1, $2, $3, $4, $5) returning ${COLUMNS}`,
    [g.organisationId, g.attemptId, g.challengeSlug, g.kind, JSON.stringify(g.files), g.id ?? null],
  );
  return one(rows);
}

export async function findGrading(db: Queryable, id: string): Promise<GradingRow | undefined> {
  const { rows } = await db.query<GradingRow>(`select ${COLUMNS} from gradings where id = $1`, [id]);
  return rows[0];
}

export async function findGradingFiles(db: Queryable, id: string): Promise<WorkspaceFile[] | undefined> {
  const { rows } = await db.query<{ files: WorkspaceFile[] }>('select files from gradings where id = $1', [
    id,
  ]);
  return rows[0]?.files;
}

/** The newest grading of each challenge of an attempt, the submission first if there is one. */
export async function latestGradings(db: Queryable, attemptId: string): Promise<GradingRow[]> {
  const { rows } = await db.query<GradingRow>(
    `select distinct on (challenge_slug) ${COLUMNS} from gradings where attempt_id = $1
     order by challenge_slug, (kind = 'submit') desc, created_at desc`,
    [attemptId],
  );
  return rows;
}

export async function submittedGradings(db: Queryable, attemptId: string): Promise<GradingRow[]> {
  const { rows } = await db.query<GradingRow>(
    `select ${COLUMNS} from gradings where attempt_id = $1 and kind = 'submit' order by challenge_slug`,
    [attemptId],
  );
  return rows;
}

/**
 * Replaces the attempt's check runs of this challenge that no worker has started by `newerId` (the
 * run or submission about to be inserted with that id, in the same transaction): only the newest run is worth grading, and once submitted no
 * run is. Returns how many it replaced; never touches a submission or a run already started. Call
 * it holding the attempt's row lock; a worker starting the same run at once either takes it first
 * (it is no longer queued here) or finds it superseded (markGradingRunning matches nothing).
 */
export async function supersedeQueuedRuns(
  db: Queryable,
  g: { attemptId: string; challengeSlug: string; newerId: string },
): Promise<number> {
  const result = await db.query(
    `update gradings set status = 'superseded', superseded_by = $3, finished_at = now()
     where attempt_id = $1 and challenge_slug = $2 and kind = 'run' and status = 'queued' and id <> $3`,
    [g.attemptId, g.challengeSlug, g.newerId],
  );
  return result.rowCount ?? 0;
}

/**
 * Since when the candidate has been waiting for this grading's checks: its own creation, or that
 * of the first run in the chain it replaced (pressing Run checks again does not restart the wait).
 */
export async function waitingSince(
  db: Queryable,
  grading: { id: string; attemptId: string; createdAt: Date },
): Promise<Date> {
  const { rows } = await db.query<{ since: Date | null }>(
    `with recursive chain (id, created_at) as (
       select id, created_at from gradings where id = $1
       union all
       select g.id, g.created_at from gradings g join chain c on g.superseded_by = c.id
        where g.attempt_id = $2
     )
     select min(created_at) as since from chain`,
    [grading.id, grading.attemptId],
  );
  return rows[0]?.since ?? grading.createdAt;
}

/** Marks a queued (or re-delivered running) grading as running; false once it has a result. */
export async function markGradingRunning(db: Queryable, id: string): Promise<boolean> {
  const result = await db.query(
    `update gradings set status = 'running', started_at = now() where id = $1 and status in ('queued', 'running')`,
    [id],
  );
  return (result.rowCount ?? 0) > 0;
}

/**
 * Stores a result exactly once: a second delivery of the same job finds the row finished and
 * changes nothing. Returns whether this call stored it.
 */
export async function finishGrading(
  db: Queryable,
  id: string,
  result:
    | {
        status: 'done';
        score: number;
        checks: StoredCheckResult[];
        diagnostics: StoredDiagnostic[];
        wallMs: number;
      }
    | { status: 'error'; error: string; wallMs: number | null; tampering?: boolean | undefined },
): Promise<boolean> {
  const outcome = await db.query(
    `update gradings set status = $2, score = $3, checks = $4, diagnostics = $5, error = $6, wall_ms = $7,
       tampering = $8, finished_at = now()
     where id = $1 and status in ('queued', 'running')`,
    result.status === 'done'
      ? [
          id,
          'done',
          result.score,
          JSON.stringify(result.checks),
          JSON.stringify(result.diagnostics),
          null,
          result.wallMs,
          false,
        ]
      : [id, 'error', null, null, null, result.error, result.wallMs, result.tampering === true],
  );
  return (outcome.rowCount ?? 0) > 0;
}

/** The attempt's challenges that were submitted (their submission queued or graded). */
export async function submittedSlugs(db: Queryable, attemptId: string): Promise<string[]> {
  const { rows } = await db.query<{ slug: string }>(
    `select challenge_slug as slug from gradings where attempt_id = $1 and kind = 'submit'`,
    [attemptId],
  );
  return rows.map((r) => r.slug);
}
