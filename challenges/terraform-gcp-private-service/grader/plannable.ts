import type { BlockView } from '../../_lib/hcl/blocks.ts';
import type { Check } from '../../_lib/hcl/check.ts';
import { outcome } from '../../_lib/hcl/check.ts';
import type { Grading } from '../../_lib/hcl/grading.ts';
import type { Inventory } from '../../_lib/hcl/inventory.ts';
import { providerOf } from '../../_lib/hcl/tags.ts';
import { label, viewOf } from './model.ts';

/**
 * Arguments (and blocks, by dotted path through every nested block, `?` marking an optional one) the google and random
 * providers require of the resources this brief is about: without one, `terraform plan` stops.
 */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  google_compute_network: ['name'],
  google_compute_subnetwork: ['name', 'network', 'ip_cidr_range'],
  google_compute_global_address: ['name'],
  google_service_networking_connection: ['network', 'service', 'reserved_peering_ranges'],
  google_compute_firewall: ['name', 'network'],
  google_vpc_access_connector: ['name'],
  google_sql_database_instance: ['database_version', 'settings', 'settings.tier'],
  google_sql_database: ['name', 'instance'],
  google_sql_user: ['name', 'instance'],
  random_password: ['length'],
  google_secret_manager_secret: ['secret_id', 'replication'],
  google_secret_manager_secret_version: ['secret'],
  google_service_account: ['account_id'],
  google_project_iam_member: ['project', 'role', 'member'],
  google_project_iam_binding: ['project', 'role', 'members'],
  google_project_iam_policy: ['project', 'policy_data'],
  google_secret_manager_secret_iam_member: ['secret_id', 'role', 'member'],
  google_secret_manager_secret_iam_binding: ['secret_id', 'role', 'members'],
  google_cloud_run_v2_service: [
    'name',
    'location',
    'template',
    'template.containers',
    'template.containers.image',
    'template.containers.env?.name',
    'template.containers.env?.value_source?.secret_key_ref?.secret',
  ],
};

/** Types that take a `project` argument and need one, from themselves or their provider. */
const NEEDS_PROJECT = new Set([
  'google_compute_network',
  'google_compute_subnetwork',
  'google_compute_global_address',
  'google_compute_firewall',
  'google_vpc_access_connector',
  'google_sql_database_instance',
  'google_secret_manager_secret',
  'google_service_account',
  'google_cloud_run_v2_service',
]);

/**
 * What stops CI's `terraform plan` (no -var, no -backend-config) before anything is created: a root
 * variable with no default and no value in terraform.tfvars or *.auto.tfvars, a module call that
 * leaves out a variable with no default, a required argument left out, a resource with no project
 * from itself or its provider.
 */
export function planStoppers(grading: Grading): string[] {
  const inventory = grading.inventory();
  const [base] = grading.scenarios;
  const found: string[] = [];
  for (const [name, declared] of grading.root.variables) {
    if (!Object.hasOwn(declared.body, 'default') && !base?.values.has(name))
      found.push(
        `var.${name} (${declared.file}) has no default and no value in terraform.tfvars, and CI passes no -var`,
      );
  }
  for (const module of inventory.modules) {
    const name = /module\.([^.[]+)(\[[^\]]*\])?$/.exec(module.address)?.[1];
    const call = name ? module.parent?.config.moduleCalls.get(name) : undefined;
    if (!call) continue;
    for (const [variable, declared] of module.config.variables) {
      if (!Object.hasOwn(declared.body, 'default') && !Object.hasOwn(call.body, variable))
        found.push(
          `module.${name} (${call.file}) does not set ${variable}, which ${declared.file} declares with no default`,
        );
    }
  }
  found.push(...missingArguments(inventory));
  return [...new Set(found)];
}

function missingArguments(inventory: Inventory): string[] {
  const found: string[] = [];
  for (const resource of inventory.resources) {
    const view = viewOf(resource);
    for (const path of REQUIRED[resource.type] ?? []) {
      if (!present(view, path.split('.')))
        found.push(`${label(resource)} lacks ${path}, which the provider requires`);
    }
    if (NEEDS_PROJECT.has(resource.type) && view.get('project') === null) {
      const project = providerOf(resource)?.get('project') ?? null;
      if (project === null)
        found.push(`${label(resource)} has no project, and neither has the provider it uses`);
    }
  }
  return found;
}

/** Every block along the path has the next step; a step ending in `?` is an optional block. */
function present(view: BlockView, path: readonly string[]): boolean {
  const [step, ...rest] = path;
  if (step === undefined) return true;
  const optional = step.endsWith('?');
  const head = optional ? step.slice(0, -1) : step;
  if (rest.length === 0) return view.get(head) !== null || view.blocks(head).length > 0;
  const nested = view.blocks(head);
  return (optional || nested.length > 0) && nested.every((block) => present(block, rest));
}

/**
 * A check of the resulting state passes only when the grader sees all of it (no module it cannot
 * read, no count or for_each known only at apply) and CI's plan would run at all.
 */
export function plannable(check: Check): Check {
  return {
    id: check.id,
    judge(grading) {
      const { blind } = grading.inventory();
      if (blind.length > 0)
        return outcome(
          0,
          'Part of the configuration cannot be followed before apply (a module outside the workspace, or a count or for_each known only at apply), so the grader cannot show that what it creates meets the brief.',
          blind,
        );
      const stoppers = planStoppers(grading);
      if (stoppers.length > 0)
        return outcome(
          0,
          "CI's terraform plan would stop before creating anything, so nothing the brief asks for exists.",
          stoppers,
        );
      return check.judge(grading);
    },
  };
}
