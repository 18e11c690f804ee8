import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, share } from '../../../_lib/hcl/check.ts';
import { dependencies } from '../../../_lib/hcl/deps.ts';

/**
 * R10. The root module outputs something derived from the web servers and something derived from the
 * bucket (traced through module outputs), and describes its outputs. A third of the score each.
 */
export const outputsCheck: Check = {
  id: 'outputs-exposed',
  judge(grading) {
    const outputs = [...grading.root.outputs];
    if (outputs.length === 0) return outcome(0, 'The root module has no outputs.');
    const derived = outputs.map(([, { body }]) => dependencies(body.value, grading.root, grading.configs));
    const servers = derived.some((d) => d.resourceTypes.has('aws_instance'));
    const bucket = derived.some((d) => d.resourceTypes.has('aws_s3_bucket'));
    const undescribed = outputs.filter(
      ([, { body }]) => !(typeof body.description === 'string' && body.description.trim()),
    );
    const findings = [
      ...(servers ? [] : ['no output exposes the web servers (ids or addresses)']),
      ...(bucket ? [] : ['no output exposes the assets bucket']),
      ...undescribed.map(([name, { file }]) => `${file}: output "${name}" has no description`),
    ];
    const score =
      (Number(servers) + Number(bucket) + share(outputs.length - undescribed.length, outputs.length)) / 3;
    const message =
      score === 1 ? 'Outputs expose the web servers and the bucket.' : 'Outputs are incomplete.';
    return outcome(score, message, findings);
  },
};
