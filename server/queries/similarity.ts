import type { WorkspaceFile } from '../contract/api.ts';
import type { Queryable } from '../db/pool.ts';
import type { SubmissionPrints } from '../similarity/fingerprint.ts';

export interface SimilaritySubmissionRow {
  gradingId: string;
  attemptId: string;
  candidateName: string;
  /** The invitation's variant seed (#17): the starter, reference and brief it was given. */
  variantSeed: number | null;
  /** Null when not fingerprinted yet, or by an older version. */
  prints: SubmissionPrints | null;
}

/**
 * Every submission of one challenge in an organisation, with its stored fingerprints when they are
 * of `version`. Submissions whose files were erased (an empty list) are left out: nothing to compare.
 */
export async function listSimilaritySubmissions(
  db: Queryable,
  organisationId: string,
  challengeSlug: string,
  version: number,
): Promise<SimilaritySubmissionRow[]> {
  const { rows } = await db.query<SimilaritySubmissionRow>(
    `select g.id as "gradingId", g.attempt_id as "attemptId", i.candidate_name as "candidateName",
       i.variant_seed as "variantSeed", f.prints
     from gradings g
     join attempts t on t.id = g.attempt_id
     join invitations i on i.id = t.invitation_id
     left join similarity_fingerprints f on f.grading_id = g.id and f.version = $3
     where g.organisation_id = $1 and t.organisation_id = $1 and g.challenge_slug = $2 and g.kind = 'submit'
       and (case when jsonb_typeof(g.files) = 'array' then jsonb_array_length(g.files) else 0 end) > 0
     order by g.created_at, g.id`,
    [organisationId, challengeSlug, version],
  );
  return rows;
}

/** The submitted files of some submissions of one organisation, by grading id. */
export async function listSubmittedFiles(
  db: Queryable,
  organisationId: string,
  gradingIds: readonly string[],
): Promise<Map<string, WorkspaceFile[]>> {
  if (gradingIds.length === 0) return new Map();
  const { rows } = await db.query<{ gradingId: string; files: WorkspaceFile[] }>(
    `select id as "gradingId", files from gradings where organisation_id = $1 and id = any($2::uuid[])`,
    [organisationId, gradingIds],
  );
  return new Map(rows.map((r) => [r.gradingId, Array.isArray(r.files) ? r.files : []]));
}

/** Stores fingerprints, replacing any of an older version. */
export async function saveFingerprints(
  db: Queryable,
  rows: ReadonlyArray<{
    gradingId: string;
    organisationId: string;
    attemptId: string;
    challengeSlug: string;
    prints: SubmissionPrints;
  }>,
  version: number,
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `insert into similarity_fingerprints (grading_id, organisation_id, attempt_id, challenge_slug, version, prints)
     select r.grading_id, r.organisation_id, r.attempt_id, r.challenge_slug, $5, r.prints
     from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $6::jsonb[])
       as r(grading_id, organisation_id, attempt_id, challenge_slug, prints)
     on conflict (grading_id) do update set version = excluded.version, prints = excluded.prints, created_at = now()`,
    [
      rows.map((r) => r.gradingId),
      rows.map((r) => r.organisationId),
      rows.map((r) => r.attemptId),
      rows.map((r) => r.challengeSlug),
      version,
      rows.map((r) => JSON.stringify(r.prints)),
    ],
  );
}
