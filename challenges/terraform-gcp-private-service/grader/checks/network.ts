import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, worstOverScenarios } from '../../../_lib/hcl/check.ts';
import type { Inventory } from '../../../_lib/hcl/inventory.ts';
import type { ResourceInstance } from '../../../_lib/hcl/module-instance.ts';
import { identifies, label, listOf, ofType, shown, viewOf } from '../model.ts';
import { networkNamed } from '../networks.ts';

const PEERING_SERVICE = 'servicenetworking.googleapis.com';

/**
 * R1. Thirds: a custom-mode VPC created here; every subnetwork on it with private Google access (and
 * at least one); private services access on it (a VPC_PEERING internal range, and a service
 * networking connection reserving it on the same network).
 */
export const networkCheck: Check = {
  id: 'network-private',
  judge: (grading) => worstOverScenarios(grading, judgeInventory),
};

function judgeInventory(inventory: Inventory) {
  const networks = ofType(inventory, 'google_compute_network');
  if (networks.length === 0)
    return outcome(0, 'There is no google_compute_network: everything would run on the default network.');
  const findings: string[] = [];
  const custom = networks.filter((network) => {
    const auto = viewOf(network).get('auto_create_subnetworks');
    if (auto === false) return true;
    findings.push(
      `${label(network)}: auto_create_subnetworks is ${auto === null ? 'unset, so true (auto mode, a subnetwork in every region)' : shown(auto)}; the brief wants false`,
    );
    return false;
  });
  const subnets = ofType(inventory, 'google_compute_subnetwork');
  let subnetsOk = subnets.length > 0;
  if (subnets.length === 0) findings.push('There is no google_compute_subnetwork on the VPC.');
  for (const subnet of subnets) {
    const view = viewOf(subnet);
    const network = networkNamed(inventory, view.get('network'));
    if (!network || !custom.includes(network)) {
      subnetsOk = false;
      findings.push(
        `${label(subnet)}: network ${shown(view.get('network'))} is not a custom-mode VPC created here`,
      );
    }
    const access = view.get('private_ip_google_access');
    if (access !== true) {
      subnetsOk = false;
      findings.push(
        `${label(subnet)}: private_ip_google_access is ${access === null ? 'unset (false)' : shown(access)}; the brief wants true`,
      );
    }
  }
  const peered = custom.filter((network) => privateServicesAccess(inventory, network, findings));
  if (custom.length > 0 && peered.length === 0)
    findings.push(
      'No custom-mode VPC has private services access: a VPC_PEERING range reserved by a google_service_networking_connection on it.',
    );
  const score = (custom.length > 0 ? 1 / 3 : 0) + (subnetsOk ? 1 / 3 : 0) + (peered.length > 0 ? 1 / 3 : 0);
  return score >= 0.999
    ? outcome(1, 'A custom-mode VPC with private Google access and private services access.')
    : outcome(
        score,
        'The VPC is not what the brief asks for (custom mode, private Google access, private services access).',
        findings,
      );
}

function privateServicesAccess(inventory: Inventory, network: ResourceInstance, findings: string[]): boolean {
  const ranges = ofType(inventory, 'google_compute_global_address').filter((address) => {
    const view = viewOf(address);
    return (
      view.get('purpose') === 'VPC_PEERING' &&
      view.get('address_type') === 'INTERNAL' &&
      (view.get('prefix_length') !== null || view.get('address') !== null) &&
      networkNamed(inventory, view.get('network')) === network
    );
  });
  const connections = ofType(inventory, 'google_service_networking_connection').filter(
    (c) => networkNamed(inventory, viewOf(c).get('network')) === network,
  );
  for (const connection of connections) {
    const view = viewOf(connection);
    const service = view.get('service');
    if (service !== PEERING_SERVICE) {
      findings.push(`${label(connection)}: service is ${shown(service)}, not ${PEERING_SERVICE}`);
      continue;
    }
    const reserved = listOf(view.get('reserved_peering_ranges'));
    if (reserved.some((r) => ranges.some((range) => identifies(r, range, [viewOf(range).get('name')]))))
      return true;
    findings.push(
      `${label(connection)}: reserved_peering_ranges ${shown(view.get('reserved_peering_ranges'))} names no google_compute_global_address with purpose VPC_PEERING, address_type INTERNAL and a prefix_length on ${network.address}`,
    );
  }
  return false;
}
