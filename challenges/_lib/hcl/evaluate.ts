import type { Expression, Step } from './expression-ast.ts';
import { parseValueString } from './expression-parse.ts';
import { callFunction, same } from './functions.ts';
import { binary, mapBool, toBool, toNumber, unary } from './operators.ts';
import type { Unknown, Value } from './values.ts';
import {
  combineUnknowns,
  deepUnknown,
  isList,
  isObject,
  isUnknown,
  reasonOf,
  unknown,
  unknownAmong,
} from './values.ts';

/** Resolves the reference roots a scope does not bind itself: var, local, module, data, resources. */
export interface References {
  /** `consumed` says how many of `steps` the resolution used (e.g. 1 for `var.region`). */
  resolve(
    root: string,
    steps: readonly Step[],
    scope: Scope,
  ): { readonly value: Value; readonly consumed: number };
}

/** Shared by every scope of one grading, so a pathological configuration cannot run forever. */
export interface Budget {
  steps: number;
}

export interface Scope {
  /** count, each, for-expression variables and dynamic-block iterators. */
  readonly bindings: ReadonlyMap<string, Value>;
  readonly references: References;
  readonly budget: Budget;
}

const MAX_STEPS = 3_000_000;
const MAX_ITEMS = 10_000;

export function bind(scope: Scope, names: Readonly<Record<string, Value>>): Scope {
  return { ...scope, bindings: new Map([...scope.bindings, ...Object.entries(names)]) };
}

/** Evaluates a value as hcl2json emitted it: JSON literals, nested blocks and template strings. */
export function evaluateRaw(raw: unknown, scope: Scope): Value {
  if (typeof raw === 'string') return evaluate(parseValueString(raw), scope);
  if (raw === null || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw)) return raw.map((item) => evaluateRaw(item, scope));
  if (typeof raw !== 'object') return unknown('unsupported', 'unrecognised value');
  const out: Record<string, Value> = {};
  for (const [rawKey, rawValue] of Object.entries(raw)) {
    // hcl2json writes an expression key `{ (var.k) = 1 }` as the template string "${(var.k)}".
    const key = rawKey.includes('${') ? evaluate(parseValueString(rawKey), scope) : rawKey;
    if (isUnknown(key)) return key;
    if (typeof key !== 'string' && typeof key !== 'number')
      return unknown('invalid', 'an object key is not a string');
    out[String(key)] = evaluateRaw(rawValue, scope);
  }
  return out;
}

export function evaluate(node: Expression, scope: Scope): Value {
  if (++scope.budget.steps > MAX_STEPS) return unknown('unsupported', 'evaluation budget exhausted');
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'unsupported':
      return unknown('unsupported', node.why);
    case 'template':
      return evaluateTemplate(node.parts, scope);
    case 'reference': {
      const bound = scope.bindings.get(node.root);
      if (bound !== undefined) return applySteps(bound, node.steps, scope);
      const { value, consumed } = scope.references.resolve(node.root, node.steps, scope);
      return applySteps(value, node.steps.slice(consumed), scope);
    }
    case 'chain':
      return applySteps(evaluate(node.base, scope), node.steps, scope);
    case 'call':
      return evaluateCall(node.name, node.args, node.expand, scope);
    case 'tuple':
      return node.items.map((item) => evaluate(item, scope));
    case 'object':
      return evaluateObject(node.entries, scope);
    case 'conditional':
      return evaluateConditional(node.test, node.then, node.else, scope);
    case 'binary':
      return binary(node.op, evaluate(node.left, scope), () => evaluate(node.right, scope));
    case 'unary':
      return unary(node.op, evaluate(node.operand, scope));
    case 'for':
      return evaluateFor(node, scope);
  }
}

/** Applies `.attr`, `[key]` and splats; a splat maps the remaining steps over each element. */
export function applySteps(value: Value, steps: readonly Step[], scope: Scope): Value {
  let current = value;
  for (const [i, step] of steps.entries()) {
    if (step.kind === 'splat') {
      if (isUnknown(current)) return current;
      if (current === null) return [];
      const rest = steps.slice(i + 1);
      return (isList(current) ? current : [current]).map((item) => applySteps(item, rest, scope));
    }
    current =
      step.kind === 'attr' ? getAttribute(current, step.name) : getIndex(current, evaluate(step.key, scope));
  }
  return current;
}

function getAttribute(value: Value, name: string): Value {
  if (isUnknown(value)) return value.attribute ? value.attribute(name) : value;
  if (isObject(value) && Object.hasOwn(value, name)) return value[name] ?? null;
  return invalid(`no attribute ${name}`);
}

function getIndex(value: Value, key: Value): Value {
  if (isUnknown(value)) return value;
  if (isUnknown(key)) return key;
  if (isList(value)) {
    const index = toNumber(key);
    if (index === undefined || !Number.isInteger(index) || index < 0 || index >= value.length) {
      return invalid(`index ${String(key)} is out of range`);
    }
    return value[index] ?? null;
  }
  if (isObject(value) && (typeof key === 'string' || typeof key === 'number')) {
    return Object.hasOwn(value, String(key))
      ? (value[String(key)] ?? null)
      : invalid(`no key ${String(key)}`);
  }
  return invalid('cannot index this value');
}

function evaluateTemplate(parts: readonly (string | Expression)[], scope: Scope): Value {
  const values = parts.map((part) => (typeof part === 'string' ? part : evaluate(part, scope)));
  const pending = unknownAmong(values);
  if (pending) return pending;
  let text = '';
  for (const value of values) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      text += String(value);
    else return invalid('a template interpolates a value that is not a string');
  }
  return text;
}

function evaluateObject(entries: readonly { key: Expression; value: Expression }[], scope: Scope): Value {
  const out: Record<string, Value> = {};
  for (const entry of entries) {
    const key = evaluate(entry.key, scope);
    if (isUnknown(key)) return key;
    if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') {
      return invalid('an object key is not a string');
    }
    out[String(key)] = evaluate(entry.value, scope);
  }
  return out;
}

/**
 * An undecidable condition with two different outcomes is `unsupported` rather than its test's reason:
 * `data.x.y ? "0.0.0.0/0" : "10.0.0.0/8"` may well be either literal, so it must not pass as "computed".
 */
function evaluateConditional(test: Expression, then: Expression, otherwise: Expression, scope: Scope): Value {
  const condition = evaluate(test, scope);
  if (!isUnknown(condition)) {
    const decided = mapBool(condition, (b) => b);
    if (typeof decided !== 'boolean') return decided;
    return evaluate(decided ? then : otherwise, scope);
  }
  const [a, b] = [evaluate(then, scope), evaluate(otherwise, scope)];
  if (!deepUnknown(a) && !deepUnknown(b) && same(a, b)) return a;
  if (isUnknown(a) && isUnknown(b)) return combineUnknowns([condition, a, b]);
  return unknown('unsupported', `depends on a condition the grader cannot decide (${condition.detail})`);
}

function evaluateCall(name: string, argNodes: readonly Expression[], expand: boolean, scope: Scope): Value {
  if (name === 'try') return evaluateTry(argNodes, scope);
  if (name === 'can') {
    const [first] = argNodes;
    const problem = first
      ? deepUnknown(evaluate(first, scope))
      : unknown('invalid', 'can() needs an argument');
    if (!problem) return true;
    return reasonOf(problem) === 'invalid' ? false : problem;
  }
  const args = argNodes.map((arg) => evaluate(arg, scope));
  if (expand) {
    const last = args.pop();
    if (isUnknown(last)) return last;
    if (!isList(last)) return invalid(`${name}(…) expands something that is not a list`);
    args.push(...last);
  }
  return callFunction(name, args);
}

/** `try` returns the first argument Terraform could evaluate; a grader limitation stops the search. */
function evaluateTry(argNodes: readonly Expression[], scope: Scope): Value {
  let last: Value = invalid('try() needs an argument');
  for (const node of argNodes) {
    last = evaluate(node, scope);
    const problem = deepUnknown(last);
    if (!problem || reasonOf(problem) !== 'invalid') return last;
  }
  return last;
}

function evaluateFor(node: Extract<Expression, { kind: 'for' }>, scope: Scope): Value {
  const collection = evaluate(node.collection, scope);
  if (isUnknown(collection)) return collection;
  let pairs: [Value, Value][];
  if (isList(collection)) pairs = collection.map((v, i) => [i, v]);
  else if (isObject(collection))
    pairs = Object.keys(collection)
      .sort()
      .map((k) => [k, collection[k] ?? null]);
  else return invalid('for expression over something that is not a collection');
  if (pairs.length > MAX_ITEMS) return unknown('unsupported', 'collection too large');
  const items: Value[] = [];
  const grouped: Record<string, Value[]> = {};
  const object: Record<string, Value> = {};
  for (const [key, value] of pairs) {
    const names: Record<string, Value> = { [node.valueName]: value };
    if (node.keyName !== undefined) names[node.keyName] = key;
    const inner = bind(scope, names);
    if (node.condition) {
      const keep = evaluate(node.condition, inner);
      if (isUnknown(keep)) return keep;
      if (toBool(keep) === false) continue;
    }
    const result = evaluate(node.valueExpr, inner);
    if (!node.keyExpr) {
      items.push(result);
      continue;
    }
    const k = evaluate(node.keyExpr, inner);
    if (isUnknown(k)) return k;
    if (typeof k !== 'string' && typeof k !== 'number')
      return invalid('a for expression key is not a string');
    if (node.group) grouped[String(k)] = [...(grouped[String(k)] ?? []), result];
    else if (Object.hasOwn(object, String(k))) return invalid(`duplicate key ${String(k)}`);
    else object[String(k)] = result;
  }
  if (node.result === 'tuple') return items;
  return node.group ? grouped : object;
}

function invalid(detail: string): Unknown {
  return unknown('invalid', detail);
}
