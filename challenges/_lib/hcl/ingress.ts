import type { BlockView } from './blocks.ts';
import { bodyView } from './blocks.ts';
import type { Inventory } from './inventory.ts';
import type { ResourceInstance } from './module-instance.ts';
import { toNumber } from './operators.ts';
import type { Value } from './values.ts';
import { isList, isUnknown } from './values.ts';

/** One ingress rule of a security group, however it was written. */
export interface IngressRule {
  /** Address and file, for messages. */
  readonly where: string;
  /** The resource that declares the rule. */
  readonly resource: ResourceInstance;
  /** The group that declares an inline rule; undefined for a rule of its own. */
  readonly inlineOf: ResourceInstance | undefined;
  /** A rule of its own: its `security_group_id`, a value to follow back to a group (null for inline). */
  readonly securityGroupId: Value;
  readonly protocol: Value;
  readonly from: Value;
  readonly to: Value;
  /** IPv4 and IPv6 CIDR sources. */
  readonly sources: readonly Value[];
  /** Security groups whose members the rule admits (`security_groups`, `source_security_group_id`…). */
  readonly sourceGroups: readonly Value[];
  /** Managed prefix lists the rule admits. */
  readonly prefixLists: readonly Value[];
  /** `self = true`: the group's own members. */
  readonly self: boolean;
}

/**
 * Every ingress rule of the inventory: inline and dynamic `ingress` blocks of aws_security_group and
 * aws_default_security_group, aws_security_group_rule of type ingress, and
 * aws_vpc_security_group_ingress_rule. Values are evaluated, not read as text.
 */
export function ingressRules(inventory: Inventory): IngressRule[] {
  return rulesOf(inventory, 'ingress');
}

/**
 * Every egress rule, in the same shape: `sources` and `sourceGroups` are then the destinations. An
 * aws_security_group with no egress rule allows no egress: Terraform removes AWS's default rule.
 */
export function egressRules(inventory: Inventory): IngressRule[] {
  return rulesOf(inventory, 'egress');
}

function rulesOf(inventory: Inventory, direction: 'ingress' | 'egress'): IngressRule[] {
  return inventory.resources.flatMap((resource): IngressRule[] => {
    const view = bodyView(resource.block.body, resource.scope);
    const { file, line } = resource.block;
    const where = `${resource.address} (${file}${line ? ` line ${line}` : ''})`;
    switch (resource.type) {
      case 'aws_security_group':
      case 'aws_default_security_group':
        return view.blocks(direction).map((block) => classicRule(block, where, resource, resource));
      case 'aws_security_group_rule': {
        const type = view.get('type');
        // An unknown type may be either.
        if (type !== direction && typeof type === 'string') return [];
        return [classicRule(view, where, resource, undefined)];
      }
      case `aws_vpc_security_group_${direction}_rule`:
        return [modernRule(view, where, resource)];
      default:
        return [];
    }
  });
}

function classicRule(
  view: BlockView,
  where: string,
  resource: ResourceInstance,
  inlineOf: ResourceInstance | undefined,
): IngressRule {
  return {
    where,
    resource,
    inlineOf,
    securityGroupId: inlineOf ? null : view.get('security_group_id'),
    protocol: view.get('protocol'),
    from: view.get('from_port'),
    to: view.get('to_port'),
    sources: [...listOf(view.get('cidr_blocks')), ...listOf(view.get('ipv6_cidr_blocks'))],
    sourceGroups: [...listOf(view.get('security_groups')), ...listOf(view.get('source_security_group_id'))],
    prefixLists: listOf(view.get('prefix_list_ids')),
    self: view.get('self') === true || view.get('self') === 'true',
  };
}

function modernRule(view: BlockView, where: string, resource: ResourceInstance): IngressRule {
  const present = (values: Value[]) => values.filter((v) => v !== null);
  return {
    where,
    resource,
    inlineOf: undefined,
    securityGroupId: view.get('security_group_id'),
    protocol: view.get('ip_protocol'),
    from: view.get('from_port'),
    to: view.get('to_port'),
    sources: present([view.get('cidr_ipv4'), view.get('cidr_ipv6')]),
    sourceGroups: present([view.get('referenced_security_group_id')]),
    prefixLists: present([view.get('prefix_list_id')]),
    self: false,
  };
}

export function listOf(value: Value): readonly Value[] {
  if (value === null) return [];
  return isList(value) ? value : [value];
}

/** Every protocol: `-1` or `all`, for which AWS ignores the ports. */
export function allProtocols(rule: IngressRule): boolean {
  if (isUnknown(rule.protocol)) return false;
  const protocol = String(rule.protocol).toLowerCase();
  return protocol === '-1' || protocol === 'all';
}

/**
 * Whether the rule admits TCP traffic to `port`. Unknown protocols and ports may cover it ('maybe'),
 * which security checks treat like 'yes'.
 */
export function coversTcpPort(rule: IngressRule, port: number): 'yes' | 'no' | 'maybe' {
  if (isUnknown(rule.protocol)) return 'maybe';
  if (allProtocols(rule)) return 'yes';
  const protocol = String(rule.protocol).toLowerCase();
  if (protocol !== 'tcp' && protocol !== '6') return 'no';
  if (isUnknown(rule.from) || isUnknown(rule.to)) return 'maybe';
  const [from, to] = [toNumber(rule.from), toNumber(rule.to)];
  if (from === undefined || to === undefined) return 'maybe';
  return from <= port && port <= to ? 'yes' : 'no';
}
