import type { BlockView } from '../blocks.ts';
import { bodyView } from '../blocks.ts';
import type { Check } from '../check.ts';
import { outcome, worstOverScenarios } from '../check.ts';
import { isWorldOpen, parseCidr } from '../cidr.ts';
import type { Inventory } from '../inventory.ts';
import { toNumber } from '../operators.ts';
import type { Value } from '../values.ts';
import { describe, isList, isUnknown, reasonOf } from '../values.ts';

const SSH_PORT = 22;

interface IngressRule {
  readonly where: string;
  readonly protocol: Value;
  readonly from: Value;
  readonly to: Value;
  readonly sources: readonly Value[];
}

/**
 * R6. Collects every ingress rule (inline and dynamic `ingress` blocks, aws_security_group_rule of type
 * ingress, aws_vpc_security_group_ingress_rule) and fails when one that may reach port 22 (tcp or all
 * protocols, a port range covering 22) admits the internet (0.0.0.0/0, ::/0 or nearly as wide).
 * Unknowns are judged conservatively: an unknown port or protocol may cover 22; an unknown source
 * passes only when AWS computes it (e.g. a VPC's CIDR), never when it is an input without a value
 * or an expression the grader cannot evaluate.
 */
export const sshCheck: Check = {
  id: 'ssh-not-public',
  judge: (grading) => worstOverScenarios(grading, judgeInventory),
};

function judgeInventory(inventory: Inventory) {
  const findings = ingressRules(inventory).flatMap((rule) => {
    if (coversSsh(rule) === 'no') return [];
    return rule.sources.flatMap((source) => {
      const problem = exposure(source);
      return problem ? [`${rule.where}: ports ${portText(rule)} ${problem}`] : [];
    });
  });
  if (findings.length === 0) return outcome(1, 'SSH is not reachable from the internet.');
  return outcome(
    0,
    'SSH (port 22) can be reached from the internet, or its source cannot be verified.',
    findings,
  );
}

function ingressRules(inventory: Inventory): IngressRule[] {
  return inventory.resources.flatMap((resource): IngressRule[] => {
    const view = bodyView(resource.block.body, resource.scope);
    const where = `${resource.address} (${resource.block.file})`;
    switch (resource.type) {
      case 'aws_security_group':
      case 'aws_default_security_group':
        return view.blocks('ingress').map((block) => ruleOf(block, where));
      case 'aws_security_group_rule':
        return view.get('type') === 'egress' ? [] : [ruleOf(view, where)];
      case 'aws_vpc_security_group_ingress_rule':
        return [modernRule(view, where)];
      default:
        return [];
    }
  });
}

function ruleOf(view: BlockView, where: string): IngressRule {
  const sources = [...listOf(view.get('cidr_blocks')), ...listOf(view.get('ipv6_cidr_blocks'))];
  return {
    where,
    protocol: view.get('protocol'),
    from: view.get('from_port'),
    to: view.get('to_port'),
    sources,
  };
}

function modernRule(view: BlockView, where: string): IngressRule {
  const sources = [view.get('cidr_ipv4'), view.get('cidr_ipv6')].filter((v) => v !== null);
  return {
    where,
    protocol: view.get('ip_protocol'),
    from: view.get('from_port'),
    to: view.get('to_port'),
    sources,
  };
}

function listOf(value: Value): readonly Value[] {
  if (value === null) return [];
  return isList(value) ? value : [value];
}

function coversSsh(rule: IngressRule): 'yes' | 'no' | 'maybe' {
  if (isUnknown(rule.protocol)) return 'maybe';
  const protocol = String(rule.protocol).toLowerCase();
  if (protocol === '-1' || protocol === 'all') return 'yes';
  if (protocol !== 'tcp' && protocol !== '6') return 'no';
  if (isUnknown(rule.from) || isUnknown(rule.to)) return 'maybe';
  const [from, to] = [toNumber(rule.from), toNumber(rule.to)];
  if (from === undefined || to === undefined) return 'maybe';
  return from <= SSH_PORT && SSH_PORT <= to ? 'yes' : 'no';
}

function exposure(source: Value): string | undefined {
  if (isUnknown(source)) {
    return reasonOf(source) === 'computed'
      ? undefined
      : `allow a source that cannot be verified (${source.detail})`;
  }
  if (typeof source !== 'string') return undefined;
  const cidr = parseCidr(source);
  return cidr && isWorldOpen(cidr) ? `are open to ${source}` : undefined;
}

function portText(rule: IngressRule): string {
  const protocol = isUnknown(rule.protocol) ? '?' : String(rule.protocol);
  if (protocol === '-1' || protocol === 'all') return 'all (every protocol)';
  return `${describe(rule.from, 20)}-${describe(rule.to, 20)}/${protocol}`;
}
