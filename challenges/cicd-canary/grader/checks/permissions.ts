import type { Check } from '../check.ts';
import { conditions, outcome } from '../check.ts';
import { onlyCalled } from '../grading.ts';
import { permissionsOf, writeScopes } from '../permissions.ts';
import { field } from '../tokens.ts';

/**
 * R8. Least privilege for the GITHUB_TOKEN: (1) every workflow an event starts has a top-level
 * `permissions` that grants nothing beyond read (a reusable workflow gets its caller's token);
 * (2) no job's effective token (its own block, else its workflow's, capped by its caller's in a
 * reusable workflow) includes a write scope it does not need, the only need being `id-token: write`
 * for a job that assumes an AWS role through OIDC (configure-aws-credentials with role-to-assume,
 * directly or in a local action); (3) every job keeps what it needs: contents read to check out,
 * id-token write to assume the role. A third each.
 */
export const permissionsCheck: Check = {
  id: 'least-privilege-permissions',
  judge(grading) {
    if (grading.missing) return outcome(0, grading.missing);
    const top: string[] = [];
    const excess: string[] = [];
    const missing: string[] = [];
    for (const workflow of grading.workflows.filter((w) => !onlyCalled(w))) {
      const topToken = field(workflow.root, 'permissions');
      const topWrites = writeScopes(permissionsOf(topToken));
      if (!topToken)
        top.push(`${workflow.file}: no top-level permissions, so jobs get the repository's default token`);
      else if (topWrites.length > 0)
        top.push(`${workflow.file}: the top-level permissions grant write on ${topWrites.join(', ')}`);
    }
    for (const trace of grading.everything()) {
      for (const run of trace.jobs) {
        const extra = writeScopes(run.permissions).filter((s) => !(s === 'id-token' && run.needs.idToken));
        if (extra.length > 0) excess.push(`${run.label} can write ${extra.join(', ')} without needing to`);
        const contents = run.permissions.get('contents');
        if (run.needs.contents && contents !== 'read' && contents !== 'write') {
          missing.push(`${run.label} checks out the code but has no contents: read`);
        }
        if (run.beyondCaller.length > 0) {
          missing.push(
            `${run.label} asks for ${run.beyondCaller.join(', ')} beyond its caller's token: GitHub refuses to start such a run`,
          );
        }
        if (run.needs.idToken && run.permissions.get('id-token') !== 'write') {
          missing.push(`${run.label} assumes an AWS role but has no id-token: write`);
        }
      }
    }
    return conditions(
      [
        { holds: top.length === 0, failure: 'The workflow-level token is not read-only.', evidence: top },
        {
          holds: excess.length === 0,
          failure: 'Some jobs get write access they do not need.',
          evidence: excess,
        },
        {
          holds: missing.length === 0,
          failure: 'Some jobs lose access they need to work.',
          evidence: missing,
        },
      ],
      'The token is read-only by default; only the jobs that assume the AWS role get id-token: write.',
    );
  },
};
