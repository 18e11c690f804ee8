import { outcome, share } from '../../../_lib/hcl/check.ts';
import { effectiveTags } from '../../../_lib/hcl/tags.ts';
import type { Value } from '../../../_lib/hcl/values.ts';
import { isObject } from '../../../_lib/hcl/values.ts';
import type { Check } from '../context.ts';
import { ignores } from '../ignored.ts';
import { liveObjects } from '../live-objects.ts';
import { whereResource } from '../where.ts';

export const REQUIRED_TAGS = ['Project', 'Environment'];

/** Resource types that accept `tags` (the ones a stack like this uses; others are not judged). */
export const TAGGABLE = new Set(
  (
    'aws_vpc aws_subnet aws_internet_gateway aws_route_table aws_security_group aws_instance ' +
    'aws_ebs_volume aws_s3_bucket aws_eip aws_nat_gateway aws_network_acl aws_launch_template ' +
    'aws_vpc_security_group_ingress_rule aws_vpc_security_group_egress_rule aws_lb ' +
    'aws_lb_target_group aws_kms_key aws_iam_role aws_cloudwatch_log_group aws_vpc_endpoint ' +
    'aws_flow_log aws_key_pair aws_default_security_group aws_default_route_table aws_db_instance ' +
    'aws_sns_topic aws_sqs_queue'
  ).split(' '),
);

/**
 * R11. Share of taggable resource instances whose effective tags (the provider's default_tags merged
 * with the resource's own) include every required key with a value. Tags the grader cannot evaluate
 * do not count.
 */
export const tagsCheck: Check = {
  id: 'resources-tagged',
  judge(grading) {
    const inventory = grading.inventory();
    const taggable = inventory.resources.filter((r) => TAGGABLE.has(r.type));
    if (taggable.length === 0) return outcome(0, 'No taggable resources are declared.');
    const { live } = liveObjects(grading, inventory);
    const findings: string[] = [];
    let tagged = 0;
    for (const resource of taggable) {
      // A live object that ignores tag changes keeps today's tags (none).
      if (live.has(resource.address) && (ignores(resource, 'tags') || ignores(resource, 'tags_all'))) {
        findings.push(
          `${whereResource(grading, resource.block)}: ${resource.address} ignores changes to its tags (lifecycle ignore_changes), so the live object never gets them`,
        );
        continue;
      }
      const missing = missingTags(effectiveTags(resource));
      if (missing.length === 0) tagged++;
      else
        findings.push(
          `${whereResource(grading, resource.block)}: ${resource.address} lacks the ${missing.join(' and ')} tag(s), directly or through the provider's default_tags`,
        );
    }
    const score = share(tagged, taggable.length);
    const message =
      score === 1
        ? `Every taggable resource carries ${REQUIRED_TAGS.join(' and ')}.`
        : `${tagged} of ${taggable.length} taggable resources carry ${REQUIRED_TAGS.join(' and ')}.`;
    return outcome(score, message, findings);
  },
};

function missingTags(tags: Value): string[] {
  return REQUIRED_TAGS.filter((key) => {
    if (!isObject(tags) || !Object.hasOwn(tags, key)) return true;
    const value = tags[key];
    // An unknown value (an input set at plan time) still tags the resource: the key is there.
    return value === null || value === '';
  });
}
