import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, share, worstOverScenarios } from '../../../_lib/hcl/check.ts';
import type { Inventory } from '../../../_lib/hcl/inventory.ts';
import { toBool } from '../../../_lib/hcl/operators.ts';
import type { Value } from '../../../_lib/hcl/values.ts';
import { isUnknown } from '../../../_lib/hcl/values.ts';
import { DATABASE_TYPES, databases } from '../databases.ts';
import { placementOf } from '../placement.ts';
import { label, topologyOf } from '../topology.ts';

/**
 * R5. No database is publicly accessible (unset is AWS's default, false) and none of its subnet
 * group's subnets routes to an internet gateway. A database with either hole earns nothing; every
 * scenario (each extra .tfvars file) is judged and the worst kept.
 */
export const databasePublicCheck: Check = {
  id: 'database-not-public',
  judge: (grading) => worstOverScenarios(grading, judgeInventory),
};

function judgeInventory(inventory: Inventory) {
  const topology = topologyOf(inventory);
  const all = databases(topology);
  if (all.length === 0)
    return outcome(0, `There is no database: none of ${DATABASE_TYPES.join(', ')} is declared.`);
  const findings: string[] = [];
  let closed = 0;
  for (const db of all) {
    const name = label(db.instance);
    const problems = db.publiclyAccessible.flatMap(({ where, value }) => {
      const problem = flagProblem(value);
      return problem ? [`${where}: publicly_accessible ${problem}`] : [];
    });
    if (db.subnetGroups.instances.length === 0) {
      problems.push(
        `${name}: without a subnet group of its own it lands in the default VPC, whose subnets are public`,
      );
    } else {
      const placement = placementOf(topology, db.subnets);
      problems.push(
        ...placement.foreign.map((why) => `${name}: ${why}`),
        ...placement.publicSubnets,
        ...placement.unrouted,
      );
    }
    if (problems.length === 0) closed++;
    else findings.push(...problems);
  }
  const score = share(closed, all.length);
  const message =
    score === 1
      ? 'The database cannot be reached from the internet.'
      : 'The database can be reached from the internet, or that cannot be ruled out.';
  return outcome(score, message, findings);
}

function flagProblem(value: Value): string | undefined {
  if (value === null) return undefined;
  // Known only at apply (a data source, an input without a value) is not shown to be false.
  if (isUnknown(value)) return `cannot be shown to be false before apply (${value.detail})`;
  const flag = toBool(value);
  if (flag === false) return undefined;
  return flag === true ? 'is true' : 'is not a boolean';
}
