import type { Body } from './config.ts';
import type { Scope } from './evaluate.ts';
import { evaluateRaw } from './evaluate.ts';
import { toNumber } from './operators.ts';
import type { Unknown, Value } from './values.ts';
import { deepUnknown, isList, isObject, isUnknown, unknown } from './values.ts';

/** `null` for a block without count or for_each; `'?'` for a slot that stands for instances not enumerated. */
export type InstanceKey = number | string | null | '?';

export interface InstanceSlot {
  readonly key: InstanceKey;
  /** `count` or `each`, as the instance's arguments see them. */
  readonly bindings: Readonly<Record<string, Value>>;
  /** How many real instances this slot stands for; null when nobody can tell. */
  readonly weight: number | null;
}

export interface Expansion {
  readonly mode: 'single' | 'count' | 'for_each';
  readonly slots: readonly InstanceSlot[];
  /** Why the instances could not be enumerated one by one (unknown or very large count). */
  readonly problem: Unknown | undefined;
}

/**
 * Beyond this many instances one representative slot stands for all of them, with `count.index` or
 * `each` unknown: a check then sees unknown values and judges them conservatively.
 */
export const MAX_SLOTS = 64;

export function expandBlock(body: Body, scope: Scope): Expansion {
  if (Object.hasOwn(body, 'count')) return expandCount(evaluateRaw(body.count, scope));
  if (Object.hasOwn(body, 'for_each')) return expandForEach(evaluateRaw(body.for_each, scope));
  return { mode: 'single', slots: [{ key: null, bindings: {}, weight: 1 }], problem: undefined };
}

function expandCount(value: Value): Expansion {
  const n = isUnknown(value) ? undefined : toNumber(value);
  if (n === undefined || !Number.isInteger(n) || n < 0) {
    const problem = isUnknown(value) ? value : unknown('invalid', 'count is not a whole number');
    return representative('count', { count: { index: problem } }, null, problem);
  }
  if (n > MAX_SLOTS) {
    const problem = unknown('unsupported', `count = ${n} is too many instances to inspect one by one`);
    return representative('count', { count: { index: problem } }, n, problem);
  }
  const slots = Array.from({ length: n }, (_, index) => ({
    key: index,
    bindings: { count: { index } },
    weight: 1,
  }));
  return { mode: 'count', slots, problem: undefined };
}

function expandForEach(value: Value): Expansion {
  let entries: [string, Value][];
  if (isObject(value))
    entries = Object.keys(value)
      .sort()
      .map((k) => [k, value[k] ?? null]);
  else if (isList(value) && !deepUnknown(value) && value.every((v) => typeof v === 'string')) {
    entries = [...new Set(value as string[])].sort().map((k) => [k, k]);
  } else {
    const problem = isUnknown(value)
      ? value
      : (deepUnknown(value) ?? unknown('invalid', 'for_each needs a map or a set of strings'));
    return representative('for_each', { each: { key: problem, value: problem } }, null, problem);
  }
  if (entries.length > MAX_SLOTS) {
    const problem = unknown('unsupported', `for_each over ${entries.length} items is too many to inspect`);
    return representative('for_each', { each: { key: problem, value: problem } }, entries.length, problem);
  }
  const slots = entries.map(([key, v]) => ({ key, bindings: { each: { key, value: v } }, weight: 1 }));
  return { mode: 'for_each', slots, problem: undefined };
}

/** The expansion of a block whose count or for_each could not be evaluated at all. */
export function unexpandable(problem: Unknown): Expansion {
  return representative('count', { count: { index: problem } }, null, problem);
}

function representative(
  mode: 'count' | 'for_each',
  bindings: Record<string, Value>,
  weight: number | null,
  problem: Unknown,
): Expansion {
  return { mode, slots: [{ key: '?', bindings, weight }], problem };
}

/** The `[0]` / `["web-1"]` part of an address, as Terraform prints it. */
export function keySuffix(key: InstanceKey): string {
  if (key === null) return '';
  if (key === '?') return '[?]';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

export function multiplyWeights(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a * b;
}

/** `module.web["a"].` before a resource address, or nothing in the root module. */
export function prefix(moduleAddress: string): string {
  return moduleAddress ? `${moduleAddress}.` : '';
}
