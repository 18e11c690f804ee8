import type { BlockView } from '../../_lib/hcl/blocks.ts';
import type { ResourceInstance } from '../../_lib/hcl/module-instance.ts';
import type { Resolved, Topology } from './topology.ts';
import { merge, NOTHING } from './topology.ts';

/**
 * One piece of compute that runs in the environment: an auto scaling group, an instance (on demand or
 * spot), a fleet, an EKS node group or an ECS service or task set. Every one is judged as the
 * application: the brief allows no other compute (no bastion).
 */
export interface AppUnit {
  readonly instance: ResourceInstance;
  readonly subnets: Resolved;
  readonly securityGroups: Resolved;
  /** Target groups the unit registers its instances or tasks with. */
  readonly targetGroups: Resolved;
}

export const APP_TYPES = [
  'aws_autoscaling_group',
  'aws_instance',
  'aws_spot_instance_request',
  'aws_spot_fleet_request',
  'aws_ec2_fleet',
  'aws_eks_node_group',
  'aws_ecs_service',
  'aws_ecs_task_set',
];
const SG = ['aws_security_group'];
const TG = ['aws_lb_target_group', 'aws_alb_target_group'];

export function appUnits(topology: Topology): AppUnit[] {
  return topology.ofType(...APP_TYPES).map((instance) => {
    const view = topology.view(instance);
    switch (instance.type) {
      case 'aws_autoscaling_group':
        return autoScalingGroup(topology, instance, view);
      case 'aws_instance':
      case 'aws_spot_instance_request':
        return singleInstance(topology, instance, view);
      case 'aws_spot_fleet_request':
      case 'aws_ec2_fleet':
        return fleet(topology, instance, view);
      case 'aws_eks_node_group':
        return {
          instance,
          subnets: required(topology.resolve(view.get('subnet_ids'), ['aws_subnet']), 'subnet_ids'),
          securityGroups: launchTemplateGroups(topology, launchTemplates(topology, view)),
          targetGroups: NOTHING,
        };
      default: {
        const network = view.blocks('network_configuration')[0];
        return {
          instance,
          subnets: network
            ? required(topology.resolve(network.get('subnets'), ['aws_subnet']), 'subnets')
            : { instances: [], unresolved: ['no network_configuration (awsvpc) puts its tasks in subnets'] },
          securityGroups: network ? topology.resolve(network.get('security_groups'), SG) : NOTHING,
          targetGroups: merge(
            ...view.blocks('load_balancer').map((lb) => topology.resolve(lb.get('target_group_arn'), TG)),
          ),
        };
      }
    }
  });
}

/** An instance: its subnet_id, else its network interfaces', else its launch template's. */
function singleInstance(topology: Topology, instance: ResourceInstance, view: BlockView): AppUnit {
  const nics = topology.resolve(
    view.blocks('network_interface').map((nic) => nic.get('network_interface_id')),
    ['aws_network_interface'],
  );
  const templates = launchTemplates(topology, view);
  let subnets = topology.resolve(view.get('subnet_id'), ['aws_subnet']);
  let groups = merge(
    topology.resolve(view.get('vpc_security_group_ids'), SG),
    topology.resolve(view.get('security_groups'), SG),
  );
  if (view.get('subnet_id') === null && nics.instances.length > 0) {
    subnets = merge(
      ...nics.instances.map((nic) => topology.resolve(topology.view(nic).get('subnet_id'), ['aws_subnet'])),
    );
    groups = merge(
      groups,
      ...nics.instances.map((nic) => topology.resolve(topology.view(nic).get('security_groups'), SG)),
    );
  } else if (view.get('subnet_id') === null && templates.instances.length > 0) {
    subnets = merge(
      ...templates.instances.flatMap((template) =>
        topology
          .view(template)
          .blocks('network_interfaces')
          .map((nic) => topology.resolve(nic.get('subnet_id'), ['aws_subnet'])),
      ),
    );
  }
  return {
    instance,
    subnets: required(merge(subnets, NOTHING, { instances: [], unresolved: nics.unresolved }), 'subnet_id'),
    securityGroups: merge(groups, launchTemplateGroups(topology, templates)),
    targetGroups: attachedTargetGroups(topology, instance),
  };
}

/** A spot fleet or EC2 fleet: the subnets of its launch specifications and template overrides. */
function fleet(topology: Topology, instance: ResourceInstance, view: BlockView): AppUnit {
  const specs = view.blocks('launch_specification');
  const overrides = view.blocks('launch_template_config').flatMap((c) => c.blocks('override'));
  const templates = merge(
    ...view
      .blocks('launch_template_config')
      .flatMap((c) => c.blocks('launch_template_specification'))
      .map((s) => topology.resolve(s.get('launch_template_id') ?? s.get('id'), ['aws_launch_template'])),
  );
  return {
    instance,
    subnets: required(
      merge(...[...specs, ...overrides].map((s) => topology.resolve(s.get('subnet_id'), ['aws_subnet']))),
      'subnet_id',
    ),
    securityGroups: merge(
      ...specs.map((s) => topology.resolve(s.get('vpc_security_group_ids'), SG)),
      launchTemplateGroups(topology, templates),
    ),
    targetGroups: topology.resolve(view.get('target_group_arns'), TG),
  };
}

function launchTemplateGroups(topology: Topology, templates: Resolved): Resolved {
  return merge(
    ...templates.instances.map((template) => {
      const t = topology.view(template);
      return merge(
        topology.resolve(t.get('vpc_security_group_ids'), SG),
        ...t.blocks('network_interfaces').map((nic) => topology.resolve(nic.get('security_groups'), SG)),
      );
    }),
  );
}

function autoScalingGroup(topology: Topology, instance: ResourceInstance, view: BlockView): AppUnit {
  const templates = launchTemplates(topology, view);
  const configurations = topology.resolve(view.get('launch_configuration'), ['aws_launch_configuration']);
  const securityGroups = merge(
    launchTemplateGroups(topology, templates),
    ...configurations.instances.map((c) => topology.resolve(topology.view(c).get('security_groups'), SG)),
  );
  const attachments = [
    ...topology
      .ofType('aws_autoscaling_attachment')
      .filter((a) => topology.refersTo(topology.view(a).get('autoscaling_group_name'), instance))
      .map((a) => topology.resolve(topology.view(a).get('lb_target_group_arn'), TG)),
    ...topology
      .ofType('aws_autoscaling_traffic_source_attachment')
      .filter((a) => topology.refersTo(topology.view(a).get('autoscaling_group_name'), instance))
      .flatMap((a) => topology.view(a).blocks('traffic_source'))
      .map((source) => topology.resolve(source.get('identifier'), TG)),
  ];
  return {
    instance,
    subnets: required(
      topology.resolve(view.get('vpc_zone_identifier'), ['aws_subnet']),
      'vpc_zone_identifier',
    ),
    securityGroups,
    targetGroups: merge(topology.resolve(view.get('target_group_arns'), TG), ...attachments),
  };
}

/** The launch template of a group: `launch_template`, or the one of a mixed instances policy. */
export function launchTemplates(topology: Topology, view: BlockView): Resolved {
  const specs = [
    ...view.blocks('launch_template').map((b) => b.get('id') ?? b.get('name')),
    ...view
      .blocks('mixed_instances_policy')
      .flatMap((p) => p.blocks('launch_template'))
      .flatMap((t) => t.blocks('launch_template_specification'))
      .map((s) => s.get('launch_template_id') ?? s.get('launch_template_name')),
  ];
  return merge(...specs.map((spec) => topology.resolve(spec, ['aws_launch_template'])));
}

function attachedTargetGroups(topology: Topology, instance: ResourceInstance): Resolved {
  return merge(
    ...topology
      .ofType('aws_lb_target_group_attachment', 'aws_alb_target_group_attachment')
      .filter((a) => topology.refersTo(topology.view(a).get('target_id'), instance))
      .map((a) => topology.resolve(topology.view(a).get('target_group_arn'), TG)),
  );
}

/** Subnets must be set: unset, AWS picks default subnets outside the environment's VPC. */
function required(resolved: Resolved, argument: string): Resolved {
  return resolved.instances.length === 0 && resolved.unresolved.length === 0
    ? { instances: [], unresolved: [`no subnets are set (${argument})`] }
    : resolved;
}
