import type { WorkspaceFile } from '../contract/api.ts';
import type { GradingKind, GradingStatus } from '../contract/grading-states.ts';
import type { Queryable } from '../db/pool.ts';

export interface ReplayGradingRow {
  id: string;
  challengeSlug: string;
  kind: GradingKind;
  status: GradingStatus;
  createdAt: Date;
  passed: number;
  total: number;
  files: WorkspaceFile[];
}

/** Every check run and submission of an attempt, oldest first, with pass counts over all checks. */
export async function listReplayGradings(db: Queryable, attemptId: string): Promise<ReplayGradingRow[]> {
  const { rows } = await db.query<ReplayGradingRow>(
    `select id, challenge_slug as "challengeSlug", kind, status, created_at as "createdAt",
       (select count(*) from jsonb_array_elements(coalesce(checks, '[]')) c where (c->>'passed')::boolean)::int
         as passed,
       coalesce(jsonb_array_length(checks), 0) as total,
       files
     from gradings where attempt_id = $1 order by created_at, id`,
    [attemptId],
  );
  return rows;
}
