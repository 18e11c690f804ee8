import type { Body, ModuleConfig } from './config.ts';
import { localModuleDir } from './config.ts';
import type { Expression, Step } from './expression-ast.ts';
import { parseValueString } from './expression-parse.ts';

/** Where a value comes from, traced through locals, module inputs and module outputs. */
export interface Dependencies {
  /** Resource types (and `data.<type>`) the value is derived from. */
  readonly resourceTypes: Set<string>;
  /** Input variables of the module the walk started in. */
  readonly variables: Set<string>;
}

interface Frame {
  readonly id: string;
  readonly config: ModuleConfig;
  /** The module call that instantiated this module, to follow `var.x` back into the caller. */
  readonly call: { readonly body: Body; readonly frame: Frame } | undefined;
}

const NOT_RESOURCES = new Set([
  'var',
  'local',
  'module',
  'data',
  'path',
  'terraform',
  'count',
  'each',
  'self',
]);

/**
 * Collects what a raw hcl2json value depends on. Unlike evaluation, this keeps provenance when the
 * value itself is a literal: `region = local.region` with `local.region = var.region` depends on a
 * variable; `local.region = "eu-west-1"` does not.
 */
export function dependencies(
  raw: unknown,
  config: ModuleConfig,
  configs: ReadonlyMap<string, ModuleConfig>,
): Dependencies {
  const found: Dependencies = { resourceTypes: new Set(), variables: new Set() };
  const seen = new Set<string>();
  const walkRaw = (value: unknown, frame: Frame): void => {
    if (typeof value === 'string') walk(parseValueString(value), frame, new Set());
    else if (Array.isArray(value)) for (const item of value) walkRaw(item, frame);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('${')) walkRaw(key, frame);
        walkRaw(item, frame);
      }
    }
  };
  const once = (key: string, visit: () => void): void => {
    if (seen.has(key) || seen.size > 10_000) return;
    seen.add(key);
    visit();
  };
  const reference = (root: string, steps: readonly Step[], frame: Frame): void => {
    const name = steps[0]?.kind === 'attr' ? steps[0].name : undefined;
    if (!name) return;
    if (root === 'var') {
      const { call } = frame;
      if (!call) found.variables.add(name);
      else once(`${frame.id}|var.${name}`, () => walkRaw(call.body[name], call.frame));
    } else if (root === 'local') {
      once(`${frame.id}|local.${name}`, () => walkRaw(frame.config.locals.get(name)?.raw, frame));
    } else if (root === 'module') {
      const call = frame.config.moduleCalls.get(name);
      const output = steps.slice(1).find((s) => s.kind === 'attr');
      const target = call ? localModuleDir(frame.config.dir, call.body.source) : undefined;
      const child = target === undefined ? undefined : configs.get(target);
      if (!call || !child) return;
      const childFrame: Frame = {
        id: `${frame.id}/${name}`,
        config: child,
        call: { body: call.body, frame },
      };
      // `module.web` as a whole (e.g. iterated by a for expression) depends on every output.
      const names = output?.kind === 'attr' ? [output.name] : [...child.outputs.keys()];
      for (const outputName of names) {
        once(`${childFrame.id}|output.${outputName}`, () =>
          walkRaw(child.outputs.get(outputName)?.body.value, childFrame),
        );
      }
    } else if (root === 'data') {
      found.resourceTypes.add(`data.${name}`);
    } else if (!NOT_RESOURCES.has(root) && frame.config.resourceIndex.has(`${root}.${name}`)) {
      found.resourceTypes.add(root);
    }
  };
  const walk = (node: Expression, frame: Frame, bound: ReadonlySet<string>): void => {
    if (node.kind === 'for') walk(node.collection, frame, bound);
    const inner = node.kind === 'for' ? forScope(node, bound) : bound;
    for (const child of children(node)) walk(child, frame, inner);
    if (node.kind === 'reference' && !bound.has(node.root)) reference(node.root, node.steps, frame);
  };
  walkRaw(raw, { id: '', config, call: undefined });
  return found;
}

/** Names a for expression binds for its key, value and condition expressions. */
function forScope(
  node: Extract<Expression, { kind: 'for' }>,
  bound: ReadonlySet<string>,
): ReadonlySet<string> {
  return new Set([...bound, node.valueName, ...(node.keyName ? [node.keyName] : [])]);
}

/** The sub-expressions of a node; a for expression's collection is left out (it sees the outer names). */
function children(node: Expression): Expression[] {
  const keys = (steps: readonly Step[]) => steps.flatMap((s) => (s.kind === 'index' ? [s.key] : []));
  switch (node.kind) {
    case 'reference':
      return keys(node.steps);
    case 'chain':
      return [node.base, ...keys(node.steps)];
    case 'template':
      return node.parts.filter((p): p is Expression => typeof p !== 'string');
    case 'call':
      return [...node.args];
    case 'tuple':
      return [...node.items];
    case 'object':
      return node.entries.flatMap((e) => [e.key, e.value]);
    case 'conditional':
      return [node.test, node.then, node.else];
    case 'binary':
      return [node.left, node.right];
    case 'unary':
      return [node.operand];
    case 'for':
      return [node.keyExpr, node.valueExpr, node.condition].filter((n): n is Expression => n !== undefined);
    default:
      return [];
  }
}
