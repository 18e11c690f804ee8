import { bodyView } from '../../../_lib/hcl/blocks.ts';
import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome } from '../../../_lib/hcl/check.ts';
import { asList, asRecord } from '../../../_lib/hcl/config.ts';
import { toBool } from '../../../_lib/hcl/operators.ts';
import { describe } from '../../../_lib/hcl/values.ts';
import { PRODUCTION } from '../production.ts';

/**
 * R7. The root module's backend is S3 and, in the default workspace CI uses, writes a state object
 * other than production's: a different bucket or a different key (workspace_key_prefix only applies
 * to other workspaces). Locking (dynamodb_table or use_lockfile) is half the credit.
 */
export const stateCheck: Check = {
  id: 'state-isolated',
  judge(grading) {
    const backends = grading.root.terraformBlocks.flatMap((block) =>
      Object.entries(asRecord(block.body.backend)).flatMap(([type, bodies]) =>
        asList(bodies).map((body) => ({ type, file: block.file, body: asRecord(body) })),
      ),
    );
    const cloud = grading.root.terraformBlocks.filter((block) => Object.hasOwn(block.body, 'cloud'));
    if (backends.length + cloud.length > 1) {
      return outcome(0, 'The root module declares more than one backend; Terraform refuses to initialise.');
    }
    const [backend] = backends;
    if (!backend && cloud.length > 0) {
      return outcome(0, "State goes to HCP Terraform (a cloud block), not the team's S3 state bucket.");
    }
    if (!backend) {
      return outcome(
        0,
        'State is not kept in S3: without an s3 backend it stays on whoever ran apply, out of reach of CI and the team.',
      );
    }
    if (backend.type !== 's3') {
      return outcome(0, `State goes to a "${backend.type}" backend, not the team's S3 state bucket.`);
    }
    // Terraform allows only literals in a backend block; evaluating still reads them the same way.
    const view = bodyView(backend.body, grading.inventory().root.scope);
    const [bucket, key] = [view.get('bucket'), view.get('key')];
    if (typeof bucket !== 'string' || typeof key !== 'string' || !bucket || !key) {
      return outcome(
        0,
        'The s3 backend does not say where the state goes: CI runs a plain terraform init, so set bucket and key in the backend block.',
        [`${backend.file}: bucket = ${describe(bucket, 60)}, key = ${describe(key, 60)}`],
      );
    }
    if (bucket === PRODUCTION.stateBucket && key === PRODUCTION.stateKey) {
      return outcome(
        0,
        "The backend writes production's state object: the first apply would overwrite prod's state.",
        [`${backend.file}: s3://${bucket}/${key}`],
      );
    }
    const locked = nonEmpty(view.get('dynamodb_table')) || toBool(view.get('use_lockfile')) === true;
    if (!locked) {
      return outcome(
        0.5,
        'State has its own object in S3 but no locking: two applies at once can corrupt it.',
        [`${backend.file}: s3://${bucket}/${key} without dynamodb_table or use_lockfile`],
      );
    }
    return outcome(1, `State is kept apart from production, with locking (s3://${bucket}/${key}).`);
  },
};

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
