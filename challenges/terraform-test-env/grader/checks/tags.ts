import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, share } from '../../../_lib/hcl/check.ts';
import { effectiveTags } from '../../../_lib/hcl/tags.ts';
import { describe, isObject } from '../../../_lib/hcl/values.ts';
import { ENVIRONMENT } from '../production.ts';

const KEY = 'Environment';

/**
 * Resource types an environment like this uses that take `tags` and the provider's default_tags.
 * aws_autoscaling_group is left out: it takes `tag` blocks and ignores default_tags.
 */
const TAGGABLE = new Set(
  (
    'aws_vpc aws_subnet aws_internet_gateway aws_nat_gateway aws_eip aws_route_table aws_security_group ' +
    'aws_vpc_security_group_ingress_rule aws_vpc_security_group_egress_rule aws_lb aws_alb ' +
    'aws_lb_target_group aws_alb_target_group aws_lb_listener aws_alb_listener aws_launch_template ' +
    'aws_instance aws_ecs_cluster aws_ecs_service aws_ecs_task_definition aws_db_instance aws_db_subnet_group ' +
    'aws_rds_cluster aws_rds_cluster_instance aws_db_parameter_group aws_rds_cluster_parameter_group ' +
    'aws_kms_key aws_iam_role aws_cloudwatch_log_group aws_secretsmanager_secret aws_s3_bucket ' +
    'aws_network_acl aws_vpc_endpoint aws_flow_log'
  ).split(' '),
);

/**
 * R8. Share of taggable resource instances whose effective tags (default_tags merged with their own)
 * set Environment to the environment's name. A value the grader cannot evaluate does not count.
 */
export const tagsCheck: Check = {
  id: 'resources-tagged',
  judge(grading) {
    const taggable = grading.inventory().resources.filter((r) => TAGGABLE.has(r.type));
    if (taggable.length === 0) return outcome(0, 'No taggable resources are declared.');
    const findings: string[] = [];
    let tagged = 0;
    for (const resource of taggable) {
      const tags = effectiveTags(resource);
      const value = isObject(tags) && Object.hasOwn(tags, KEY) ? (tags[KEY] ?? null) : undefined;
      if (value === ENVIRONMENT) tagged++;
      else {
        const has = value === undefined ? `has no ${KEY} tag` : `has ${KEY} = ${describe(value, 40)}`;
        findings.push(`${resource.address} (${resource.block.file}) ${has}`);
      }
    }
    const score = share(tagged, taggable.length);
    const message =
      score === 1
        ? `Every taggable resource is tagged ${KEY} = "${ENVIRONMENT}".`
        : `${tagged} of ${taggable.length} taggable resources are tagged ${KEY} = "${ENVIRONMENT}".`;
    return outcome(score, message, findings);
  },
};
