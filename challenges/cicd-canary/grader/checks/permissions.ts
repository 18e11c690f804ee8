import type { Check } from '../check.ts';
import { conditions, outcome } from '../check.ts';
import { permissionsOf, writeScopes } from '../permissions.ts';
import { field } from '../tokens.ts';
import type { JobModel } from '../workflow.ts';

const CHECKOUT = 'actions/checkout';
const AWS_CREDENTIALS = 'aws-actions/configure-aws-credentials';

/**
 * R8. Least privilege for the GITHUB_TOKEN, in every workflow: (1) the top-level `permissions` is
 * present and grants nothing beyond read; (2) no job's effective permissions (its own block, else the
 * top-level one) include a write scope it does not need, the only need being `id-token: write` for a
 * job that assumes an AWS role through OIDC (configure-aws-credentials with role-to-assume); (3) every
 * job keeps what it needs: contents read to check out, id-token write to assume the role. A third each.
 */
export const permissionsCheck: Check = {
  id: 'least-privilege-permissions',
  judge(grading) {
    if (grading.missing) return outcome(0, grading.missing);
    const top: string[] = [];
    const excess: string[] = [];
    const missing: string[] = [];
    for (const workflow of grading.workflows) {
      const topToken = field(workflow.root, 'permissions');
      const topWrites = writeScopes(permissionsOf(topToken));
      if (!topToken)
        top.push(`${workflow.file}: no top-level permissions, so jobs get the repository's default token`);
      else if (topWrites.length > 0)
        top.push(`${workflow.file}: the top-level permissions grant write on ${topWrites.join(', ')}`);
      for (const job of workflow.jobs) {
        const own = field(job.raw, 'permissions');
        const effective = permissionsOf(own ?? topToken);
        const needs = needsOf(job);
        const where = `${workflow.file}: job "${job.id}" (line ${job.line})`;
        const extra = writeScopes(effective).filter((s) => !(s === 'id-token' && needs.idToken));
        if (extra.length > 0) excess.push(`${where} can write ${extra.join(', ')} without needing to`);
        const contents = effective.get('contents');
        if (needs.contents && contents !== 'read' && contents !== 'write') {
          missing.push(`${where} checks out the code but has no contents: read`);
        }
        if (needs.idToken && effective.get('id-token') !== 'write') {
          missing.push(`${where} assumes an AWS role but has no id-token: write`);
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

function needsOf(job: JobModel): { contents: boolean; idToken: boolean } {
  let contents = false;
  let idToken = false;
  for (const { step, raw } of job.steps) {
    if (!('uses' in step)) continue;
    const action = step.uses.value.split('@')[0]?.toLowerCase();
    if (action === CHECKOUT) contents = true;
    if (action === AWS_CREDENTIALS && field(field(raw, 'with'), 'role-to-assume') !== undefined) {
      idToken = true;
    }
  }
  return { contents, idToken };
}
