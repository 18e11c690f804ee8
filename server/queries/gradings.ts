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
  createdAt: Date;
}

const COLUMNS = `id, organisation_id as "organisationId", attempt_id as "attemptId", challenge_slug as "challengeSlug",
  kind, status, score::float8 as score, checks, diagnostics, error, tampering, created_at as "createdAt"`;

export async function insertGrading(
  db: Queryable,
  g: {
    organisationId: string;
    attemptId: string;
    challengeSlug: string;
    kind: GradingKind;
    files: WorkspaceFile[];
  },
): Promise<GradingRow> {
  const { rows } = await db.query<GradingRow>(
    `insert into gradings (organisation_id, attempt_id, challenge_slug, kind, files)
     values ($1, $2, $3, $4, $5) returning ${COLUMNS}`,
    [g.organisationId, g.attemptId, g.challengeSlug, g.kind, JSON.stringify(g.files)],
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
 * Replaces the attempt's check runs of this challenge that no worker has started: only the newest
 * run is worth grading. Returns how many it replaced. A submission is never replaced.
 */
export async function supersedeQueuedRuns(db: Queryable, attemptId: string, slug: string): Promise<number> {
  const result = await db.query(
    `update gradings set status = 'superseded', finished_at = now()
     where attempt_id = $1 and challenge_slug = $2 and kind = 'run' and status = 'queued'`,
    [attemptId, slug],
  );
  return result.rowCount ?? 0;
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
