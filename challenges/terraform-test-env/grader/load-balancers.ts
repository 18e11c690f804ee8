import type { BlockView } from '../../_lib/hcl/blocks.ts';
import type { ResourceInstance } from '../../_lib/hcl/module-instance.ts';
import { toBool } from '../../_lib/hcl/operators.ts';
import type { Value } from '../../_lib/hcl/values.ts';
import type { Resolved, Topology } from './topology.ts';
import { merge } from './topology.ts';

/** A load balancer, its subnets, and the target groups its listeners forward to. */
export interface LoadBalancer {
  readonly instance: ResourceInstance;
  readonly subnets: Resolved;
  readonly internal: Value;
  readonly listeners: readonly ResourceInstance[];
  /** Listeners whose default action, or one of whose rules, forwards to a target group. */
  readonly forwardingListeners: readonly ResourceInstance[];
  readonly forwardsTo: Resolved;
}

const TG = ['aws_lb_target_group', 'aws_alb_target_group'];

export function loadBalancers(topology: Topology): LoadBalancer[] {
  return topology.ofType('aws_lb', 'aws_alb').map((instance) => {
    const view = topology.view(instance);
    const listeners = topology
      .ofType('aws_lb_listener', 'aws_alb_listener')
      .filter((l) => topology.refersTo(topology.view(l).get('load_balancer_arn'), instance));
    const rules = topology
      .ofType('aws_lb_listener_rule', 'aws_alb_listener_rule')
      .filter((r) => listeners.some((l) => topology.refersTo(topology.view(r).get('listener_arn'), l)));
    const actions = [
      ...listeners.flatMap((l) => topology.view(l).blocks('default_action')),
      ...rules.flatMap((r) => topology.view(r).blocks('action')),
    ];
    const forwardingListeners = listeners.filter((l) =>
      [
        ...topology.view(l).blocks('default_action'),
        ...rules
          .filter((r) => topology.refersTo(topology.view(r).get('listener_arn'), l))
          .flatMap((r) => topology.view(r).blocks('action')),
      ].some((action) => forwarded(topology, action).instances.length > 0),
    );
    return {
      instance,
      subnets: merge(
        topology.resolve(view.get('subnets'), ['aws_subnet']),
        ...view.blocks('subnet_mapping').map((m) => topology.resolve(m.get('subnet_id'), ['aws_subnet'])),
      ),
      internal: view.get('internal'),
      listeners,
      forwardingListeners,
      forwardsTo: merge(...actions.map((action) => forwarded(topology, action))),
    };
  });
}

/** Target groups an action forwards to: `target_group_arn`, or a `forward` block's groups. */
function forwarded(topology: Topology, action: BlockView): Resolved {
  const type = action.get('type');
  if (type !== 'forward') return { instances: [], unresolved: [] };
  return merge(
    topology.resolve(action.get('target_group_arn'), TG),
    ...action
      .blocks('forward')
      .flatMap((f) => f.blocks('target_group'))
      .map((group) => topology.resolve(group.get('arn'), TG)),
  );
}

/**
 * An internal load balancer is only reachable from inside the VPC. Unset is internet-facing; a value
 * known only at apply cannot be shown to be internet-facing, so it counts as internal.
 */
export function isInternal(lb: LoadBalancer): boolean {
  return lb.internal !== null && toBool(lb.internal) !== false;
}
