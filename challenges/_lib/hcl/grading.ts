import type { ModuleConfig } from './config.ts';
import { buildModuleConfigs, compare } from './config.ts';
import type { Inventory } from './inventory.ts';
import { takeInventory } from './inventory.ts';
import type { DataSourceModel } from './module-instance.ts';
import { createRootInstance, createWorld } from './module-instance.ts';
import type { ParsedFile, Workspace } from './workspace.ts';

/**
 * One set of root variable values. `terraform plan` with no flags reads terraform.tfvars and
 * *.auto.tfvars; every other root .tfvars file (prod.tfvars…) is another way the stack can be planned.
 */
export interface Scenario {
  readonly name: string;
  readonly values: ReadonlyMap<string, unknown>;
}

/** What the checks judge: the parsed workspace and the configuration expanded per scenario. */
export interface Grading {
  readonly workspace: Workspace;
  readonly configs: ReadonlyMap<string, ModuleConfig>;
  readonly root: ModuleConfig;
  /** The first is what a plain `terraform plan` uses. */
  readonly scenarios: readonly Scenario[];
  inventory(scenario?: Scenario): Inventory;
  /** A folder the root module never calls, evaluated as a root module of its own. */
  standalone(dir: string): Inventory;
}

/** How a grader tunes the expansion; the defaults suit any configuration. */
export interface GradingOptions {
  readonly dataSources?: DataSourceModel;
}

export function createGrading(workspace: Workspace, options: GradingOptions = {}): Grading | undefined {
  const configs = buildModuleConfigs(workspace.files);
  const root = configs.get('');
  if (!root) return undefined;
  const scenarios = scenariosOf(workspace.files.filter((f) => f.kind === 'tfvars' && f.dir === ''));
  const [base] = scenarios as [Scenario];
  const inventories = new Map<Scenario, Inventory>();
  const standalone = new Map<string, Inventory>();
  const expand = (config: ModuleConfig, values: ReadonlyMap<string, unknown>): Inventory =>
    takeInventory(createRootInstance(createWorld(configs, values, options.dataSources), config));
  return {
    workspace,
    configs,
    root,
    scenarios,
    inventory: (scenario = base) => {
      let inventory = inventories.get(scenario);
      if (!inventory) {
        inventory = expand(root, scenario.values);
        inventories.set(scenario, inventory);
      }
      return inventory;
    },
    standalone: (dir) => {
      let inventory = standalone.get(dir);
      const config = configs.get(dir);
      if (!inventory && config) {
        inventory = expand(config, new Map());
        standalone.set(dir, inventory);
      }
      if (!inventory) throw new Error(`no module in ${dir}`);
      return inventory;
    },
  };
}

/** terraform.tfvars, *.auto.tfvars and their .json forms: what a plain `terraform plan` reads. */
export function isAutoLoaded(file: ParsedFile): boolean {
  return isDefaultTfvars(file) || /\.auto\.tfvars(\.json)?$/.test(file.path);
}

function isDefaultTfvars(file: ParsedFile): boolean {
  return file.path === 'terraform.tfvars' || file.path === 'terraform.tfvars.json';
}

function scenariosOf(rootTfvars: readonly ParsedFile[]): Scenario[] {
  const ordered = [...rootTfvars].sort((a, b) => compare(a.path, b.path));
  // Terraform reads terraform.tfvars, then terraform.tfvars.json, then *.auto.tfvars and
  // *.auto.tfvars.json in lexical order of their names; later files win.
  const auto = [
    ...ordered.filter((f) => f.path === 'terraform.tfvars'),
    ...ordered.filter((f) => f.path === 'terraform.tfvars.json'),
    ...ordered.filter((f) => !isDefaultTfvars(f) && isAutoLoaded(f)),
  ];
  const baseValues = new Map(auto.flatMap((f) => Object.entries(f.json)));
  const base = {
    name: auto.length > 0 ? auto.map((f) => f.path).join(' + ') : 'the defaults',
    values: baseValues,
  };
  const others = ordered
    .filter((f) => !isAutoLoaded(f))
    .map((f) => ({ name: f.path, values: new Map([...baseValues, ...Object.entries(f.json)]) }));
  return [base, ...others];
}
