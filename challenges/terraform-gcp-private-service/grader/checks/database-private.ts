import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, share, worstOverScenarios } from '../../../_lib/hcl/check.ts';
import type { Inventory } from '../../../_lib/hcl/inventory.ts';
import { label, ofType, shown } from '../model.ts';
import { connectionsOn, createdAfter, ipConfiguration, networkNamed, SQL } from '../networks.ts';

/**
 * R2. Each Cloud SQL instance, all or nothing: ipv4_enabled = false (unset is Google's default,
 * true), no authorized_networks block, private_network naming a VPC created here, created after the
 * service networking connection on it (depends_on, its own or its module's). Worst scenario.
 */
export const databasePrivateCheck: Check = {
  id: 'database-private',
  judge: (grading) => worstOverScenarios(grading, judgeInventory),
};

function judgeInventory(inventory: Inventory) {
  const all = ofType(inventory, SQL);
  if (all.length === 0) return outcome(0, `There is no database: no ${SQL} is declared.`);
  const findings: string[] = [];
  let closed = 0;
  for (const db of all) {
    const name = label(db);
    const problems: string[] = [];
    const ip = ipConfiguration(db);
    const ipv4 = ip?.get('ipv4_enabled') ?? null;
    if (ipv4 !== false)
      problems.push(
        `${name}: ipv4_enabled is ${ipv4 === null ? 'unset, so true: the instance gets a public IP' : `${shown(ipv4)}, not false`}`,
      );
    const authorized = ip?.blocks('authorized_networks') ?? [];
    if (authorized.length > 0)
      problems.push(
        `${name}: authorized_networks admits ${authorized.map((a) => shown(a.get('value'))).join(', ')}; a private instance has none`,
      );
    const network = ip?.get('private_network') ?? null;
    const vpc = networkNamed(inventory, network);
    if (!vpc)
      problems.push(
        `${name}: private_network is ${network === null ? 'unset' : shown(network)}, not a google_compute_network created here`,
      );
    else if (!connectionsOn(inventory, vpc).some((c) => createdAfter(db, c, network)))
      problems.push(
        `${name}: nothing makes Terraform create it after the google_service_networking_connection on ${vpc.address} (depends_on), so the first apply fails with no private services access yet`,
      );
    if (problems.length === 0) closed++;
    findings.push(...problems);
  }
  const score = share(closed, all.length);
  return score === 1
    ? outcome(1, 'Every Cloud SQL instance has a private IP only, on the VPC.')
    : outcome(
        score,
        'A Cloud SQL instance has a public IP or is not on the VPC, or that cannot be ruled out.',
        findings,
      );
}
