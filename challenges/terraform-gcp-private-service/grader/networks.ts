import { evaluateRaw } from '../../_lib/hcl/evaluate.ts';
import { prefix } from '../../_lib/hcl/expansion.ts';
import type { Inventory } from '../../_lib/hcl/inventory.ts';
import type { ResourceInstance } from '../../_lib/hcl/module-instance.ts';
import type { Value } from '../../_lib/hcl/values.ts';
import { findIdentified, first, ofType, originsOf, viewOf } from './model.ts';

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

/**
 * Whether Terraform creates `resource` after `target`: an origin of its depends_on (or of one of its
 * module calls' depends_on) or of `via` is the target or a module holding it. JSON syntax writes
 * depends_on entries as plain addresses.
 */
export function createdAfter(resource: ResourceInstance, target: ResourceInstance, via: Value): boolean {
  const origins = [...originsOf(via)];
  const collect = (raw: unknown, scope: ResourceInstance['scope'], modulePrefix: string) => {
    for (const item of Array.isArray(raw) ? raw : []) {
      if (typeof item === 'string' && /^[\w-]+(\.[\w-]+)+$/.test(item))
        origins.push(`${modulePrefix}${item}`);
      else origins.push(...originsOf(evaluateRaw(item, scope)));
    }
  };
  collect(resource.block.body.depends_on, resource.scope, prefix(resource.module.address));
  for (let module = resource.module; module.parent; module = module.parent) {
    const name = /module\.([^.[]+)(\[[^\]]*\])?$/.exec(module.address)?.[1];
    const call = name ? module.parent.config.moduleCalls.get(name) : undefined;
    if (call) collect(call.body.depends_on, module.parent.scope, prefix(module.parent.address));
  }
  const bare = target.address.replace(/\[[^\]]*\]$/, '');
  return origins.some(
    (o) =>
      o === target.address ||
      o === bare ||
      target.address.startsWith(`${o}.`) ||
      target.address.startsWith(`${o}[`),
  );
}

/** The google_service_networking_connections on `network`. */
export function connectionsOn(inventory: Inventory, network: ResourceInstance): ResourceInstance[] {
  return ofType(inventory, 'google_service_networking_connection').filter(
    (c) => networkNamed(inventory, viewOf(c).get('network')) === network,
  );
}
