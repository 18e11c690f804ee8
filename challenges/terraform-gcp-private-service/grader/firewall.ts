import type { BlockView } from '../../_lib/hcl/blocks.ts';
import { parseCidr } from '../../_lib/hcl/cidr.ts';
import type { Inventory } from '../../_lib/hcl/inventory.ts';
import type { ResourceInstance } from '../../_lib/hcl/module-instance.ts';
import { toBool, toNumber } from '../../_lib/hcl/operators.ts';
import type { Value } from '../../_lib/hcl/values.ts';
import { isUnknown } from '../../_lib/hcl/values.ts';
import { label, listOf, ofType, shown, viewOf } from './model.ts';

export const ADMIN_PORTS = [22, 3389] as const;
export const WORLD = '0.0.0.0/0';
export const WORLD_V6 = '::/0';

/** One google_compute_firewall as GCP applies it, with the defaults of unset arguments filled in. */
export interface FirewallRule {
  readonly resource: ResourceInstance;
  readonly name: string;
  readonly network: Value;
  /** INGRESS unless set; an unknown direction could be either. */
  readonly ingress: boolean | 'maybe';
  /** `disabled = true`; an unknown value could be enabled. */
  readonly enabled: boolean | 'maybe';
  /** 1000 unless set; undefined when unknown. */
  readonly priority: number | undefined;
  /** GCP's default for an ingress rule with no source at all is 0.0.0.0/0. */
  readonly sourceRanges: readonly Value[];
  /** An ingress rule's destination_ranges; empty applies to every address of its targets. */
  readonly destinationRanges: readonly Value[];
  /** Target tags or service accounts; empty applies to every instance of the network. */
  readonly targets: readonly Value[];
  readonly allow: readonly BlockView[];
  readonly deny: readonly BlockView[];
}

export function firewallRules(inventory: Inventory): FirewallRule[] {
  return ofType(inventory, 'google_compute_firewall').map((resource) => {
    const view = viewOf(resource);
    const direction = view.get('direction');
    const disabled = view.get('disabled');
    const priority = view.get('priority');
    const ranges = view.get('source_ranges');
    const sourceTags = view.get('source_tags');
    const sourceAccounts = view.get('source_service_accounts');
    // An empty list is as good as unset: with no source at all, GCP applies an ingress rule to 0.0.0.0/0.
    const noSource = [ranges, sourceTags, sourceAccounts].every((v) => listOf(v).length === 0);
    return {
      resource,
      name: label(resource),
      network: view.get('network'),
      ingress: direction === null ? true : isUnknown(direction) ? 'maybe' : direction === 'INGRESS',
      enabled: disabled === null ? true : isUnknown(disabled) ? 'maybe' : toBool(disabled) !== true,
      priority: priority === null ? 1000 : isUnknown(priority) ? undefined : toNumber(priority),
      sourceRanges: noSource ? [WORLD] : listOf(ranges),
      destinationRanges: listOf(view.get('destination_ranges')),
      targets: [...listOf(view.get('target_tags')), ...listOf(view.get('target_service_accounts'))],
      allow: view.blocks('allow'),
      deny: view.blocks('deny'),
    };
  });
}

/**
 * Whether the rule's allow (or deny) blocks cover tcp `port`. `worst` decides what an unknown
 * protocol or port means: for an allow, that it covers the port; for a deny, that it does not.
 */
export function covers(blocks: readonly BlockView[], port: number, worst: boolean): boolean {
  return blocks.some((block) => portsCover(block.get('protocol'), block.get('ports'), port, worst));
}

/** One protocol and its ports list (unset or empty is every port) cover tcp `port`. */
export function portsCover(protocol: Value, ports: Value, port: number, worst: boolean): boolean {
  const tcp = isUnknown(protocol) ? worst : ['tcp', 'all', '6'].includes(String(protocol).toLowerCase());
  if (!tcp) return false;
  if (ports === null) return true;
  if (isUnknown(ports)) return worst;
  const list = listOf(ports);
  if (list.length === 0) return true;
  return list.some((entry) => {
    if (isUnknown(entry)) return worst;
    const [low, high] = String(entry).split('-').map(Number);
    if (low === undefined || Number.isNaN(low)) return false;
    return port >= low && port <= (high === undefined || Number.isNaN(high) ? low : high);
  });
}

/** Private ranges, and IAP's TCP forwarding range, which the brief does not count as the internet. */
const NOT_INTERNET: readonly [number, number][] = [
  [ipv4('10.0.0.0'), 8],
  [ipv4('172.16.0.0'), 12],
  [ipv4('192.168.0.0'), 16],
  [ipv4('35.235.240.0'), 20],
];

function ipv4(text: string): number {
  return text.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** A source range that reaches beyond private addresses (an unknown one could). */
export function isPublicRange(range: Value): boolean {
  if (isUnknown(range) || typeof range !== 'string') return true;
  const cidr = parseCidr(range.includes('/') ? range : `${range}/${range.includes(':') ? 128 : 32}`);
  if (!cidr) return true;
  if (cidr.family === 6 || cidr.address === undefined) return true;
  const address = cidr.address;
  return !NOT_INTERNET.some(([base, bits]) => {
    if (cidr.prefix < bits) return false;
    const size = 2 ** (32 - bits);
    return Math.floor(address / size) === Math.floor(base / size);
  });
}

export function describeRanges(rule: FirewallRule): string {
  return rule.sourceRanges.map(shown).join(', ');
}

/** Whether `ranges` hold the whole address space of `range`'s family (0.0.0.0/0 or ::/0). */
export function coveredByWorld(ranges: readonly Value[], range: Value): boolean {
  if (typeof range !== 'string') return false;
  return ranges.includes(range.includes(':') ? WORLD_V6 : WORLD);
}
