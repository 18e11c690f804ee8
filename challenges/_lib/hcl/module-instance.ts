import type { Declared, ModuleConfig, ResourceBlock } from './config.ts';
import { localModuleDir } from './config.ts';
import type { Budget, References, Scope } from './evaluate.ts';
import { bind, evaluateRaw } from './evaluate.ts';
import type { Expansion, InstanceKey } from './expansion.ts';
import { expandBlock, keySuffix, multiplyWeights, prefix, unexpandable } from './expansion.ts';
import { resolveReference } from './references.ts';
import type { Value } from './values.ts';
import { unknown, withOrigin } from './values.ts';
import { convertToType } from './variable-types.ts';

/** Everything one evaluation of the configuration shares: the modules, the root's inputs, the limits. */
export interface World {
  readonly configs: ReadonlyMap<string, ModuleConfig>;
  /** Root variable values from tfvars files (raw hcl2json values). */
  readonly rootValues: ReadonlyMap<string, unknown>;
  /** What the grader knows of data sources; undefined leaves them computed unknowns. */
  readonly dataSources: DataSourceModel | undefined;
  readonly budget: Budget;
  /** Keys being evaluated right now: re-entering one is a cycle. */
  readonly active: Set<string>;
  moduleInstances: number;
}

export interface ResourceInstance {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly key: InstanceKey;
  readonly block: ResourceBlock;
  readonly scope: Scope;
  readonly module: ModuleInstance;
  readonly weight: number | null;
}

export interface ResourceExpansion {
  readonly expansion: Expansion;
  readonly instances: readonly ResourceInstance[];
}

export interface ModuleCallExpansion {
  readonly name: string;
  readonly declared: Declared;
  /** Why the call's module is not followed (a registry source, a missing folder…). */
  readonly problem: string | undefined;
  readonly expansion: Expansion;
  readonly instances: readonly ModuleInstance[];
}

export interface ModuleInstance {
  /** '' for the root module, `module.web["a"]` for a child. */
  readonly address: string;
  readonly config: ModuleConfig;
  readonly parent: ModuleInstance | undefined;
  readonly depth: number;
  readonly weight: number | null;
  readonly scope: Scope;
  readonly world: World;
  variable(name: string): Value;
  local(name: string): Value;
  output(name: string): Value;
  resource(block: ResourceBlock): ResourceExpansion;
  moduleCall(name: string): ModuleCallExpansion | undefined;
  /** A configured argument of one of this module's resource instances. */
  attribute(instance: ResourceInstance, name: string): Value;
}

interface Call {
  readonly body: Declared['body'];
  readonly scope: Scope;
}

const MAX_MODULE_DEPTH = 6;
const MAX_MODULE_INSTANCES = 400;
const MAX_ACTIVE = 60;
/** Meta-arguments are not attributes of the created object. */
const META_ARGUMENTS = new Set([
  'count',
  'for_each',
  'provider',
  'depends_on',
  'lifecycle',
  'provisioner',
  'connection',
]);

/**
 * A grader's model of some data sources: the attributes it can vouch for, by data source type and
 * address (e.g. a few symbolic availability zones). Undefined for a data source it does not model.
 */
export type DataSourceModel = (type: string, address: string) => Readonly<Record<string, Value>> | undefined;

export function createWorld(
  configs: ReadonlyMap<string, ModuleConfig>,
  rootValues: ReadonlyMap<string, unknown>,
  dataSources?: DataSourceModel,
): World {
  return { configs, rootValues, dataSources, budget: { steps: 0 }, active: new Set(), moduleInstances: 0 };
}

export function createRootInstance(world: World, config: ModuleConfig): ModuleInstance {
  return createInstance(world, config, '', undefined, undefined, 1);
}

/** Runs `compute` unless `key` is already being computed (a cycle) or references nest too deeply. */
export function guard<T>(world: World, key: string, compute: () => T, fallback: (why: string) => T): T {
  if (world.active.has(key)) return fallback(`circular reference through ${key}`);
  if (world.active.size > MAX_ACTIVE) return fallback('references nested too deeply');
  world.active.add(key);
  try {
    return compute();
  } finally {
    world.active.delete(key);
  }
}

function createInstance(
  world: World,
  config: ModuleConfig,
  address: string,
  parent: ModuleInstance | undefined,
  call: Call | undefined,
  weight: number | null,
): ModuleInstance {
  const memo = new Map<string, Value>();
  const resources = new Map<ResourceBlock, ResourceExpansion>();
  const calls = new Map<string, ModuleCallExpansion | undefined>();
  const remember = (key: string, compute: () => Value): Value => {
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const value = guard(world, `${address}|${key}`, compute, (why) => unknown('unsupported', why));
    memo.set(key, value);
    return value;
  };
  const references: References = { resolve: (root, steps) => resolveReference(self, root, steps) };
  const scope: Scope = { bindings: new Map(), references, budget: world.budget };
  const self: ModuleInstance = {
    address,
    config,
    parent,
    depth: parent ? parent.depth + 1 : 0,
    weight,
    scope,
    world,
    variable: (name) => remember(`var.${name}`, () => variableValue(self, call, name)),
    local: (name) =>
      remember(`local.${name}`, () => {
        const declared = config.locals.get(name);
        return declared
          ? evaluateRaw(declared.raw, scope)
          : unknown('invalid', `local.${name} is not declared`);
      }),
    output: (name) =>
      remember(`output.${name}`, () => {
        const declared = config.outputs.get(name);
        if (!declared) return unknown('invalid', `${address || 'the root module'} has no output ${name}`);
        return evaluateRaw(declared.body.value, scope);
      }),
    resource: (block) => {
      let expanded = resources.get(block);
      if (!expanded) {
        expanded = expandResource(self, block);
        resources.set(block, expanded);
      }
      return expanded;
    },
    moduleCall: (name) => {
      if (!calls.has(name)) calls.set(name, expandModuleCall(self, name));
      return calls.get(name);
    },
    attribute: (instance, name) => {
      if (META_ARGUMENTS.has(name) || !Object.hasOwn(instance.block.body, name)) {
        return unknown('computed', `${instance.address}.${name} is known after apply`, [instance.address]);
      }
      const value = remember(`${instance.address}.${name}`, () =>
        evaluateRaw(instance.block.body[name], instance.scope),
      );
      return withOrigin(value, instance.address);
    },
  };
  return self;
}

function variableValue(instance: ModuleInstance, call: Call | undefined, name: string): Value {
  const declared = instance.config.variables.get(name);
  if (!declared) return unknown('invalid', `var.${name} is not declared`);
  const { body } = declared;
  let value: Value;
  if (call && Object.hasOwn(call.body, name)) value = evaluateRaw(call.body[name], call.scope);
  else if (!call && instance.world.rootValues.has(name)) {
    value = evaluateRaw(instance.world.rootValues.get(name), instance.scope);
  } else if (Object.hasOwn(body, 'default')) value = evaluateRaw(body.default, instance.scope);
  else if (call) return unknown('invalid', `module ${instance.address} needs a value for ${name}`);
  else return unknown('input', `var.${name} has no default and no tfvars value`);
  return convertToType(value, body.type);
}

function expandResource(module: ModuleInstance, block: ResourceBlock): ResourceExpansion {
  const base = `${prefix(module.address)}${block.type}.${block.name}`;
  const expansion = guard(
    module.world,
    `${base}|expand`,
    () => expandBlock(block.body, module.scope),
    (why) => unexpandable(unknown('unsupported', why)),
  );
  const instances = expansion.slots.map((slot) => ({
    address: `${base}${keySuffix(slot.key)}`,
    type: block.type,
    name: block.name,
    key: slot.key,
    block,
    scope: bind(module.scope, slot.bindings),
    module,
    weight: multiplyWeights(module.weight, slot.weight),
  }));
  return { expansion, instances };
}

function expandModuleCall(module: ModuleInstance, name: string): ModuleCallExpansion | undefined {
  const declared = module.config.moduleCalls.get(name);
  if (!declared) return undefined;
  const { world } = module;
  const base = `${prefix(module.address)}module.${name}`;
  const expansion = expandBlock(declared.body, module.scope);
  const located = locateSource(module.config.dir, declared.body.source, world.configs);
  let problem = located.problem;
  if (!problem && module.depth >= MAX_MODULE_DEPTH) problem = 'modules are nested too deeply to follow';
  if (!problem && world.moduleInstances + expansion.slots.length > MAX_MODULE_INSTANCES) {
    problem = 'too many module instances to follow';
  }
  const config = located.config;
  if (problem || !config)
    return { name, declared, problem: problem ?? 'module not found', expansion, instances: [] };
  world.moduleInstances += expansion.slots.length;
  const instances = expansion.slots.map((slot) =>
    createInstance(
      world,
      config,
      `${base}${keySuffix(slot.key)}`,
      module,
      { body: declared.body, scope: bind(module.scope, slot.bindings) },
      multiplyWeights(module.weight, slot.weight),
    ),
  );
  return { name, declared, problem: undefined, expansion, instances };
}

/** Only local sources inside the workspace are followed: registry and git modules are not there to read. */
function locateSource(
  dir: string,
  source: unknown,
  configs: ReadonlyMap<string, ModuleConfig>,
): { config?: ModuleConfig; problem?: string } {
  const target = localModuleDir(dir, source);
  const shown = typeof source === 'string' ? `"${source}"` : 'that is not a literal';
  if (target === undefined)
    return { problem: `module source ${shown} is not a local folder in the workspace` };
  const config = configs.get(target);
  return config ? { config } : { problem: `module source ${shown} has no .tf files` };
}
