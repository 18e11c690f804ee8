import type { BlockView } from '../../../_lib/hcl/blocks.ts';
import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, worstOverScenarios } from '../../../_lib/hcl/check.ts';
import type { Inventory } from '../../../_lib/hcl/inventory.ts';
import type { ResourceInstance } from '../../../_lib/hcl/module-instance.ts';
import { SERVICE_TYPES } from '../identity.ts';
import { findIdentified, first, label, ofType, shown, viewOf } from '../model.ts';
import { databaseNetworks, networkNamed } from '../networks.ts';

const INTERNAL = ['INGRESS_TRAFFIC_INTERNAL_ONLY', 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER'];

/**
 * R4. Per Cloud Run service, half each: ingress internal (unset is INGRESS_TRAFFIC_ALL); egress into
 * the database's VPC through Direct VPC egress (network_interfaces) or a connector created here on
 * it. A v1 google_cloud_run_service earns nothing: the brief asks for v2. Worst scenario.
 */
export const serviceCheck: Check = {
  id: 'service-private',
  judge: (grading) => worstOverScenarios(grading, judgeInventory),
};

function judgeInventory(inventory: Inventory) {
  const services = ofType(inventory, ...SERVICE_TYPES);
  if (services.length === 0)
    return outcome(0, 'There is no google_cloud_run_v2_service: the API is not deployed.');
  const targets = databaseNetworks(inventory);
  const findings: string[] = [];
  let total = 0;
  for (const service of services) {
    if (service.type !== 'google_cloud_run_v2_service') {
      findings.push(
        `${label(service)}: a v1 ${service.type}; the brief asks for google_cloud_run_v2_service`,
      );
      continue;
    }
    const view = viewOf(service);
    const ingress = view.get('ingress');
    if (typeof ingress === 'string' && INTERNAL.includes(ingress)) total += 0.5;
    else
      findings.push(
        `${label(service)}: ingress is ${ingress === null ? 'unset, so INGRESS_TRAFFIC_ALL' : shown(ingress)}: the service is reachable from the internet without the load balancer; the brief wants ${INTERNAL.join(' or ')}`,
      );
    const problem = egressProblem(inventory, first(first(view, 'template'), 'vpc_access'), targets);
    if (problem) findings.push(`${label(service)}: ${problem}`);
    else total += 0.5;
  }
  const score = total / services.length;
  return findings.length === 0
    ? outcome(1, "The service admits internal traffic only and reaches the database's VPC.")
    : outcome(
        score,
        "The service is reachable from the internet directly, or does not reach the database's VPC.",
        findings,
      );
}

function egressProblem(
  inventory: Inventory,
  access: BlockView | undefined,
  targets: readonly ResourceInstance[],
): string | undefined {
  const names = targets.map((t) => t.address).join(', ') || 'a VPC created here';
  if (!access) return `template.vpc_access is not set, so the service cannot reach ${names}`;
  const connector = access.get('connector');
  const interfaces = access.blocks('network_interfaces');
  if (connector !== null) {
    const found = findIdentified(connector, ofType(inventory, 'google_vpc_access_connector'), 'name');
    if (!found)
      return `vpc_access.connector ${shown(connector)} is not a google_vpc_access_connector created here`;
    const view = viewOf(found);
    const network =
      networkNamed(inventory, view.get('network')) ??
      subnetNetwork(inventory, first(view, 'subnet')?.get('name') ?? null);
    return network && targets.includes(network) ? undefined : `${label(found)} is not on ${names}`;
  }
  if (interfaces.length === 0) return 'vpc_access has neither a connector nor network_interfaces';
  for (const nic of interfaces) {
    const network = nic.get('network');
    const subnetwork = nic.get('subnetwork');
    if (network === null && subnetwork === null)
      return 'a network_interfaces block names no network or subnetwork';
    const vpc = network === null ? undefined : networkNamed(inventory, network);
    if (network !== null && !(vpc && targets.includes(vpc)))
      return `vpc_access network ${shown(network)} is not ${names}`;
    if (vpc && subnetwork === null && !namesake(inventory, vpc))
      return `vpc_access names only the network ${vpc.address}, so Cloud Run uses its subnetwork of the same name, and there is none`;
    if (subnetwork !== null) {
      const on = subnetNetwork(inventory, subnetwork);
      if (!on || !targets.includes(on))
        return `vpc_access subnetwork ${shown(subnetwork)} is not a subnetwork of ${names}`;
    }
  }
  return undefined;
}

function subnetNetwork(
  inventory: Inventory,
  value: Parameters<typeof networkNamed>[1],
): ResourceInstance | undefined {
  const subnet = findIdentified(value, ofType(inventory, 'google_compute_subnetwork'), 'name');
  return subnet ? networkNamed(inventory, viewOf(subnet).get('network')) : undefined;
}

/** A subnetwork on `network` with the network's own name: the one Cloud Run picks when given only the network. */
function namesake(inventory: Inventory, network: ResourceInstance): boolean {
  const name = viewOf(network).get('name');
  return ofType(inventory, 'google_compute_subnetwork').some((subnet) => {
    const view = viewOf(subnet);
    return (
      typeof name === 'string' &&
      view.get('name') === name &&
      networkNamed(inventory, view.get('network')) === network
    );
  });
}
