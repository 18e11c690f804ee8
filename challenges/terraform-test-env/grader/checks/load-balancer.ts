import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, share } from '../../../_lib/hcl/check.ts';
import { appUnits } from '../app-tier.ts';
import { pathFindings } from '../lb-path.ts';
import type { LoadBalancer } from '../load-balancers.ts';
import { isInternal, loadBalancers } from '../load-balancers.ts';
import { isPublic, MIN_ZONES, placementOf, spansZones } from '../placement.ts';
import type { Topology } from '../topology.ts';
import { label, topologyOf } from '../topology.ts';

interface Verdict {
  readonly score: number;
  readonly findings: readonly string[];
}

/**
 * R3. An internet-facing load balancer in public subnets (each routes to an internet gateway) of at
 * least two zones; a listener of it forwards to a target group the application registers with; and
 * traffic gets through: only QA's office range reaches its listener ports, its security groups let it
 * out to the API on the target port and the API's admit it. A third of the credit each; the best load
 * balancer counts.
 */
export const loadBalancerCheck: Check = {
  id: 'app-behind-load-balancer',
  judge(grading) {
    const topology = topologyOf(grading.inventory());
    const lbs = loadBalancers(topology);
    if (lbs.length === 0)
      return outcome(0, 'There is no load balancer (aws_lb) in front of the application.');
    const verdicts = lbs.map((lb) => judgeLoadBalancer(topology, lb));
    const best = verdicts.reduce((a, b) => (b.score > a.score ? b : a));
    const message =
      best.score === 1
        ? 'An internet-facing load balancer in public subnets forwards to the application.'
        : 'The load balancer is not yet an internet-facing entry point in public subnets that forwards to the application.';
    return outcome(best.score, message, best.findings);
  },
};

function judgeLoadBalancer(topology: Topology, lb: LoadBalancer): Verdict {
  const name = label(lb.instance);
  const findings: string[] = [];
  const placement = placementOf(topology, lb.subnets);
  if (isInternal(lb))
    findings.push(
      `${name} is internal, or cannot be shown to be internet-facing before apply: QA cannot be shown to reach it`,
    );
  if (!isPublic(placement)) {
    findings.push(
      ...placement.foreign.map((why) => `${name}: ${why}`),
      `${name}: not every subnet routes to an internet gateway (${placement.publicSubnets.length} of ${placement.subnets.length} do)`,
    );
  }
  if (!spansZones(placement)) {
    findings.push(
      `${name}: its subnets cover ${placement.zones.length} availability zone(s), not ${MIN_ZONES}`,
    );
  }
  const edge = isInternal(lb) || !isPublic(placement) || !spansZones(placement) ? 0 : 1;
  const forwarding = lb.forwardsTo.instances.length > 0 ? 1 : 0;
  if (!forwarding) findings.push(`${name}: no listener forwards to a target group`);
  const units = appUnits(topology);
  const registered = units.filter((unit) =>
    unit.targetGroups.instances.some((group) => lb.forwardsTo.instances.includes(group)),
  );
  for (const unit of units) {
    if (!registered.includes(unit)) {
      findings.push(`${label(unit.instance)} is not registered with a target group ${name} forwards to`);
    }
  }
  if (units.length === 0) findings.push('there is no application to forward to');
  const path = pathFindings(topology, lb, registered);
  findings.push(...path);
  const reached = forwarding * share(registered.length, units.length);
  return { score: (edge + reached + (path.length === 0 && reached > 0 ? 1 : 0)) / 3, findings };
}
