import type { IngressRule } from '../../_lib/hcl/ingress.ts';
import { coversTcpPort } from '../../_lib/hcl/ingress.ts';
import type { ResourceInstance } from '../../_lib/hcl/module-instance.ts';
import type { Value } from '../../_lib/hcl/values.ts';
import { describe, isUnknown } from '../../_lib/hcl/values.ts';
import type { Topology } from './topology.ts';

const SG = ['aws_security_group', 'aws_default_security_group'];

/** The rules (ingress or egress) that apply to any of `groups`, and those the grader cannot place. */
export function rulesOn(
  topology: Topology,
  rules: readonly IngressRule[],
  groups: readonly ResourceInstance[],
): { readonly on: IngressRule[]; readonly unplaced: IngressRule[] } {
  const on: IngressRule[] = [];
  const unplaced: IngressRule[] = [];
  for (const rule of rules) {
    const targets = rule.inlineOf ? [rule.inlineOf] : topology.resolve(rule.securityGroupId, SG).instances;
    if (targets.length === 0) unplaced.push(rule);
    else if (targets.some((group) => groups.includes(group))) on.push(rule);
  }
  return { on, unplaced };
}

/**
 * Whether a rule lets TCP `port` through to or from a peer: one of `peers` (security groups), or any
 * CIDR range when `anyRange` is set. Unknown ports or peers do not count: they cannot be shown to work.
 */
export function lets(
  topology: Topology,
  rule: IngressRule,
  port: number,
  peers: readonly ResourceInstance[],
  anyRange: boolean,
  rangeOk: (source: Value) => boolean = (source) => typeof source === 'string',
): boolean {
  if (coversTcpPort(rule, port) !== 'yes') return false;
  if (anyRange && rule.sources.some(rangeOk)) return true;
  return rule.sourceGroups.some((group) => {
    const resolved = topology.resolve(group, SG);
    return resolved.unresolved.length === 0 && resolved.instances.some((g) => peers.includes(g));
  });
}

/** A short name of a rule's peers, for findings. */
export function peersOf(rule: IngressRule): string {
  const all = [...rule.sources, ...rule.sourceGroups].map((peer) =>
    isUnknown(peer) ? `(${peer.detail})` : describe(peer, 40),
  );
  return all.join(', ') || 'nobody';
}
