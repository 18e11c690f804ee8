import type { BlockView } from '../../_lib/hcl/blocks.ts';
import type { Inventory } from '../../_lib/hcl/inventory.ts';
import { isUnknown } from '../../_lib/hcl/values.ts';
import { ADMIN_PORTS, isPublicRange, portsCover } from './firewall.ts';
import { first, label, listOf, ofType, shown, viewOf } from './model.ts';

const HIERARCHICAL = /^google_compute_firewall_policy_(rule|with_rules)$/;
const NETWORK = /^google_compute_(region_)?network_firewall_policy_(rule|with_rules)$/;

/**
 * Firewall policy rules that let SSH or RDP in from a public range before the VPC's own rules are
 * consulted (an allow, or apply_security_profile_group, which allows what inspection passes): a
 * hierarchical (organisation or folder) policy always comes first; a network policy comes first when
 * a network created here says BEFORE_CLASSIC_FIREWALL (or may). An unknown action, direction, range,
 * protocol or port is read as an allow that covers it.
 */
export function policyAllows(inventory: Inventory): string[] {
  const networkFirst = ofType(inventory, 'google_compute_network').some((network) => {
    const order = viewOf(network).get('network_firewall_policy_enforcement_order');
    return isUnknown(order) || order === 'BEFORE_CLASSIC_FIREWALL';
  });
  const found: string[] = [];
  for (const resource of inventory.resources) {
    const hierarchical = HIERARCHICAL.test(resource.type);
    if (!hierarchical && !(NETWORK.test(resource.type) && networkFirst)) continue;
    const view = viewOf(resource);
    const rules = resource.type.endsWith('_with_rules') ? view.blocks('rule') : [view];
    for (const rule of rules) {
      const port = openPort(rule);
      if (port === undefined) continue;
      const ranges = listOf(first(rule, 'match')?.get('src_ip_ranges') ?? null);
      found.push(
        `${label(resource)}: a ${hierarchical ? 'hierarchical' : 'network'} firewall policy rule, evaluated before the VPC's rules, allows tcp ${port} from ${ranges.map(shown).join(', ') || 'any source'}`,
      );
    }
  }
  return found;
}

function openPort(rule: BlockView): number | undefined {
  // Only deny stops the traffic, and goto_next hands it to the VPC's rules; allow and
  // apply_security_profile_group (an allow after inspection) let it in.
  const action = rule.get('action');
  if (action === 'deny' || action === 'goto_next') return undefined;
  const direction = rule.get('direction');
  if (direction === 'EGRESS' || rule.get('disabled') === true) return undefined;
  const match = first(rule, 'match');
  const ranges = match?.get('src_ip_ranges') ?? null;
  if (ranges !== null && !listOf(ranges).some(isPublicRange)) return undefined;
  const layers = match?.blocks('layer4_configs') ?? [];
  return ADMIN_PORTS.find((port) =>
    layers.some((layer) => portsCover(layer.get('ip_protocol'), layer.get('ports'), port, true)),
  );
}
