import { bodyView } from '../../_lib/hcl/blocks.ts';
import type { Scope } from '../../_lib/hcl/evaluate.ts';
import { evaluate } from '../../_lib/hcl/evaluate.ts';
import type { Expression } from '../../_lib/hcl/expression-ast.ts';
import { parseValueString } from '../../_lib/hcl/expression-parse.ts';
import type { Grading } from '../../_lib/hcl/grading.ts';
import type { Inventory } from '../../_lib/hcl/inventory.ts';
import type { ResourceInstance } from '../../_lib/hcl/module-instance.ts';
import type { Value } from '../../_lib/hcl/values.ts';
import { isList, isUnknown, reasonOf } from '../../_lib/hcl/values.ts';
import { ignores } from './ignored.ts';
import type { Literal, LiveArgument } from './live-state.ts';
import { STARTER_ADDRESSES, typeOfAddress } from './starter.ts';

/** Where each live object of the starter is in the refactored configuration. */
export interface LiveObjects {
  /** Where `moved` blocks send an address (itself when none does). */
  target(address: string): string;
  /** The instance a starter address now is (same address, `[0]` of it, or where moves lead), if any. */
  locate(address: string): ResourceInstance | undefined;
  /** Addresses of the instances that are live objects today. */
  readonly live: ReadonlySet<string>;
}

/** Follows the root module's `moved` blocks the way Terraform does, module moves and chains included. */
export function liveObjects(grading: Grading, inventory: Inventory): LiveObjects {
  const byAddress = new Map(inventory.resources.map((r) => [r.address, r]));
  const moves: [string, string][] = [];
  for (const block of grading.root.moved) {
    const from = addressOf(block.body.from, inventory.root.scope);
    const to = addressOf(block.body.to, inventory.root.scope);
    if (from && to) moves.push([from, to]);
  }
  const target = (address: string) => follow(address, moves);
  const locate = (address: string): ResourceInstance | undefined => {
    const moved = target(address);
    const found = byAddress.get(moved) ?? byAddress.get(`${moved}[0]`);
    return found?.type === typeOfAddress(address) ? found : undefined;
  };
  const live = new Set(STARTER_ADDRESSES.flatMap((a) => locate(a)?.address ?? []));
  return { target, locate, live };
}

/**
 * What is wrong with `found`'s argument `name` against the live object's, or undefined when the plan
 * keeps it. `loose` accepts a reference to any instance of the right type (used when a starter object
 * could not be located, so neither can the object it points at).
 */
export function judgeLive(
  found: ResourceInstance,
  name: string,
  expected: LiveArgument,
  objects: LiveObjects,
  loose = false,
): string | undefined {
  // Terraform never updates an ignored argument of an existing object: the plan keeps today's value.
  if (ignores(found, name)) return undefined;
  const got = bodyView(found.block.body, found.scope).get(name);
  const shown = (v: Literal) => JSON.stringify(v);
  const pointsAt = (v: Value, to: string) => {
    if (!isUnknown(v) || v.origin.length !== 1) return false;
    const [origin] = v.origin as [string];
    const target = objects.locate(to)?.address;
    return target ? origin === target : loose && resourceTypeOf(origin) === typeOfAddress(to);
  };
  switch (expected.kind) {
    case 'reference':
      if (pointsAt(got, expected.to)) return undefined;
      if (got === null) return `is no longer set (it is ${expected.to} today)`;
      return `no longer points at ${expected.to}${isUnknown(got) && got.origin.length > 0 ? ` (it points at ${got.origin.join(', ')})` : ''}`;
    case 'references': {
      const items = isList(got) ? got : [];
      const matched = expected.to.every((to) => items.some((item) => pointsAt(item, to)));
      return matched && items.length === expected.to.length
        ? undefined
        : `no longer lists exactly ${expected.to.join(', ')}`;
    }
    case 'unset':
      if (got === null || expected.allowed.some((a) => same(got, a))) return undefined;
      return isUnknown(got)
        ? `cannot be shown to stay unset (${got.detail})`
        : `is set to ${JSON.stringify(got)}`;
    case 'value':
      if (got === null) {
        if (
          expected.unset === 'same' ||
          (expected.unset !== undefined && same(expected.unset, expected.value))
        )
          return undefined;
        return expected.unset === undefined
          ? `is not set (it is ${shown(expected.value)} today)`
          : `is not set, so it becomes ${shown(expected.unset)} (it is ${shown(expected.value)} today)`;
      }
      if (isUnknown(got)) {
        // An attribute of an object that exists today is known when the plan runs.
        if (
          reasonOf(got) === 'computed' &&
          got.origin.length > 0 &&
          got.origin.every((o) => objects.live.has(o))
        )
          return undefined;
        return `cannot be shown to stay ${shown(expected.value)} (${got.detail})`;
      }
      return same(got, expected.value)
        ? undefined
        : `changes from ${shown(expected.value)} to ${JSON.stringify(got)}`;
  }
}

function same(got: Value, expected: Literal): boolean {
  if (typeof expected === 'boolean') return got === expected || got === String(expected);
  if (typeof expected === 'number') return got === expected || got === String(expected);
  return got === expected;
}

function follow(address: string, moves: readonly [string, string][]): string {
  let current = address;
  for (let hop = 0; hop < 20; hop++) {
    const move = moves.find(([from]) => current === from || current.startsWith(`${from}.`));
    if (!move) break;
    current = move[1] + current.slice(move[0].length);
  }
  return current;
}

/** `module.web["a"].aws_instance.this[0]` → `aws_instance`. */
export function resourceTypeOf(address: string): string {
  const parts = address.replace(/\[[^\]]*\]/g, '').split('.');
  return parts[parts.length - 2] ?? '';
}

/** Renders a moved block's `from`/`to` reference as Terraform prints addresses. */
function addressOf(raw: unknown, scope: Scope): string | undefined {
  if (typeof raw !== 'string') return undefined;
  // Terraform's JSON syntax writes the address as a plain string ("aws_x.a"), HCL as a reference.
  const expression: Expression = parseValueString(raw.includes('${') ? raw : `\${${raw}}`);
  if (expression.kind !== 'reference') return undefined;
  let address = expression.root;
  for (const step of expression.steps) {
    if (step.kind === 'attr') address += `.${step.name}`;
    else if (step.kind === 'index') {
      const key = evaluate(step.key, scope);
      if (isUnknown(key) || (typeof key !== 'string' && typeof key !== 'number')) return undefined;
      address += typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
    } else return undefined;
  }
  return address;
}
