import type { BlockView } from '../../_lib/hcl/blocks.ts';
import { bodyView } from '../../_lib/hcl/blocks.ts';
import type { Inventory } from '../../_lib/hcl/inventory.ts';
import type { ResourceInstance } from '../../_lib/hcl/module-instance.ts';
import { providerOf } from '../../_lib/hcl/tags.ts';
import type { Value } from '../../_lib/hcl/values.ts';
import { describe, isList, isUnknown } from '../../_lib/hcl/values.ts';

/** `module.db.google_sql_database_instance.main (modules/db/main.tf line 3)`: what a message names. */
export function label(instance: ResourceInstance): string {
  const { file, line } = instance.block;
  return `${instance.address} (${file}${line ? ` line ${line}` : ''})`;
}

export function ofType(inventory: Inventory, ...types: readonly string[]): ResourceInstance[] {
  return inventory.resources.filter((r) => types.includes(r.type));
}

export function viewOf(resource: ResourceInstance): BlockView {
  return bodyView(resource.block.body, resource.scope);
}

/** The first nested block of that name, or undefined. */
export function first(view: BlockView | undefined, name: string): BlockView | undefined {
  return view?.blocks(name)[0];
}

/** Addresses of the resources (and data sources) a value derives from; empty for a known value. */
export function originsOf(value: Value): readonly string[] {
  if (isUnknown(value)) return value.origin;
  if (isList(value)) return value.flatMap(originsOf);
  return [];
}

/**
 * Whether `value` names `target`: a reference to it (an id, self_link, email… known only at apply,
 * traced through its origin), or its name written out (`ledger`, `projects/p/global/networks/ledger`).
 * `names` are the target's own evaluated names.
 */
export function identifies(value: Value, target: ResourceInstance, names: readonly Value[]): boolean {
  if (isUnknown(value)) return value.origin.includes(target.address);
  if (typeof value !== 'string' || value === '') return false;
  // `projects/other/global/networks/ledger` is another project's network of the same name.
  const project = /(?:^|\/)projects\/([^/]+)\//.exec(value)?.[1];
  if (project !== undefined && project !== projectOf(target)) return false;
  const collection = COLLECTIONS[target.type];
  return names.some(
    (name) =>
      typeof name === 'string' &&
      name !== '' &&
      (value === name || value.endsWith(collection ? `/${collection}/${name}` : `/${name}`)),
  );
}

/** The project a resource is created in: its own project, else its provider's (undefined when unknown). */
export function projectOf(resource: ResourceInstance): string | undefined {
  const own = viewOf(resource).get('project');
  const project = own === null ? (providerOf(resource)?.get('project') ?? null) : own;
  return typeof project === 'string' && project !== '' ? project.replace(/^projects\//, '') : undefined;
}

/** The path segment a resource's full name puts before its short name (`…/global/networks/ledger`). */
const COLLECTIONS: Readonly<Record<string, string>> = {
  google_compute_network: 'networks',
  google_compute_subnetwork: 'subnetworks',
  google_compute_global_address: 'addresses',
  google_secret_manager_secret: 'secrets',
  google_vpc_access_connector: 'connectors',
};

/** The instance among `candidates` that `value` names (see identifies), if any. */
export function findIdentified(
  value: Value,
  candidates: readonly ResourceInstance[],
  nameArgument: string,
): ResourceInstance | undefined {
  return candidates.find((c) => identifies(value, c, [viewOf(c).get(nameArgument)]));
}

/** A value for a message: the literal, or why it is not known. */
export function shown(value: Value): string {
  if (isUnknown(value)) return `${describe(value)}: ${value.detail}`;
  return describe(value);
}

/** Values of a list argument; an unknown list stays one unknown element. */
export function listOf(value: Value): readonly Value[] {
  if (value === null) return [];
  return isList(value) ? value : [value];
}
