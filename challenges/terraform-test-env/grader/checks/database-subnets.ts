import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, share } from '../../../_lib/hcl/check.ts';
import { DATABASE_TYPES, databases } from '../databases.ts';
import { MIN_ZONES, placementOf, spansZones } from '../placement.ts';
import { label, topologyOf } from '../topology.ts';

/**
 * R4. Each database names an aws_db_subnet_group of this configuration (without one, RDS uses the
 * default VPC), whose subnets are subnets created here in at least two availability zones.
 */
export const databaseSubnetsCheck: Check = {
  id: 'database-subnet-group',
  judge(grading) {
    const topology = topologyOf(grading.inventory());
    const all = databases(topology);
    if (all.length === 0)
      return outcome(0, `There is no database: none of ${DATABASE_TYPES.join(', ')} is declared.`);
    const findings: string[] = [];
    let good = 0;
    for (const db of all) {
      const name = label(db.instance);
      if (db.subnetGroups.instances.length === 0) {
        findings.push(
          db.subnetGroups.unresolved.length > 0
            ? `${name}: its db_subnet_group_name is ${db.subnetGroups.unresolved.join('; ')}`
            : `${name}: no db_subnet_group_name, so RDS places it in the default VPC`,
        );
        continue;
      }
      const placement = placementOf(topology, db.subnets);
      const problems = [
        ...placement.foreign,
        ...(spansZones(placement)
          ? []
          : [
              `its subnet group covers ${placement.zones.length} availability zone(s) (${placement.zones.join(', ') || 'none known'}), not ${MIN_ZONES}`,
              ...placement.unzoned,
            ]),
      ];
      if (problems.length === 0) good++;
      else findings.push(...problems.map((p) => `${name}: ${p}`));
    }
    const score = share(good, all.length);
    const message =
      score === 1
        ? `The database sits in a subnet group spanning ${MIN_ZONES} or more availability zones.`
        : `The database is not in an aws_db_subnet_group of this environment's subnets spanning ${MIN_ZONES} availability zones.`;
    return outcome(score, message, findings);
  },
};
