import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, share } from '../../../_lib/hcl/check.ts';
import { APP_TYPES, appUnits } from '../app-tier.ts';
import { isPrivate, MIN_ZONES, notPrivateReasons, placementOf, spansZones } from '../placement.ts';
import { label, merge, topologyOf } from '../topology.ts';

/**
 * R2. Every piece of application compute (auto scaling group, instance, ECS service) runs in subnets
 * with no route to an internet gateway, followed through route table associations; together they
 * span at least two availability zones. Half the credit for privacy (per unit), half for the zones.
 */
export const appTierCheck: Check = {
  id: 'app-tier-private',
  judge(grading) {
    const topology = topologyOf(grading.inventory());
    const units = appUnits(topology);
    if (units.length === 0) {
      return outcome(0, `There is no application tier: none of ${APP_TYPES.join(', ')} is declared.`);
    }
    const findings: string[] = [];
    let privateUnits = 0;
    for (const unit of units) {
      const placement = placementOf(topology, unit.subnets);
      if (isPrivate(placement)) privateUnits++;
      else findings.push(...notPrivateReasons(placement).map((why) => `${label(unit.instance)}: ${why}`));
    }
    const all = placementOf(topology, merge(...units.map((u) => u.subnets)));
    const zoned = spansZones(all);
    if (!zoned) {
      findings.push(
        `the application's subnets are in ${all.zones.length} availability zone(s) (${all.zones.join(', ') || 'none known'}), not ${MIN_ZONES}`,
        ...all.unzoned,
      );
    }
    const score = 0.5 * share(privateUnits, units.length) + (zoned ? 0.5 : 0);
    const message =
      score === 1
        ? `The application runs in private subnets across ${all.zones.length} availability zones.`
        : privateUnits < units.length
          ? 'Part of the application runs in subnets that route to the internet (or that the grader cannot follow).'
          : `The application runs in private subnets, but not across ${MIN_ZONES} availability zones.`;
    return outcome(score, message, [...new Set(findings)]);
  },
};
