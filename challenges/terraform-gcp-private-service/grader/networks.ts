import type { Inventory } from '../../_lib/hcl/inventory.ts';
import type { ResourceInstance } from '../../_lib/hcl/module-instance.ts';
import type { Value } from '../../_lib/hcl/values.ts';
import { findIdentified, first, ofType, viewOf } from './model.ts';

export const SQL = 'google_sql_database_instance';

/** The google_compute_network created here that `value` names, if any. */
export function networkNamed(inventory: Inventory, value: Value): ResourceInstance | undefined {
  return findIdentified(value, ofType(inventory, 'google_compute_network'), 'name');
}

/** The ip_configuration block of a Cloud SQL instance's settings, if written. */
export function ipConfiguration(instance: ResourceInstance) {
  return first(first(viewOf(instance), 'settings'), 'ip_configuration');
}

/**
 * The networks the databases sit on (their private_network); when no database names one created here,
 * every network created here, so a public database does not also fail the service's egress.
 */
export function databaseNetworks(inventory: Inventory): ResourceInstance[] {
  const named = new Set<ResourceInstance>();
  for (const db of ofType(inventory, SQL)) {
    const network = networkNamed(inventory, ipConfiguration(db)?.get('private_network') ?? null);
    if (network) named.add(network);
  }
  return named.size > 0 ? [...named] : ofType(inventory, 'google_compute_network');
}
