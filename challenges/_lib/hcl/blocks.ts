import type { Body } from './config.ts';
import { asList, asRecord } from './config.ts';
import type { Scope } from './evaluate.ts';
import { bind, evaluateRaw } from './evaluate.ts';
import { parseValueString } from './expression-parse.ts';
import type { Value } from './values.ts';
import { isList, isObject, isUnknown } from './values.ts';

/** A block (resource body, nested block, dynamic block content) whose arguments evaluate on demand. */
export interface BlockView {
  /** The evaluated argument; null when the block does not set it. */
  get(name: string): Value;
  /** Nested blocks of that type, dynamic blocks expanded. */
  blocks(name: string): BlockView[];
}

const MAX_DYNAMIC_ITEMS = 256;

export function bodyView(body: Body, scope: Scope): BlockView {
  return {
    get: (name) => (Object.hasOwn(body, name) ? evaluateRaw(body[name], scope) : null),
    blocks: (name) => [...staticBlocks(body[name], scope), ...dynamicBlocks(body, name, scope)],
  };
}

/** A view of an already evaluated object, e.g. `ingress = var.rules` (attribute syntax). */
export function valueView(value: Value): BlockView {
  const get = (name: string): Value => {
    if (isUnknown(value)) return value;
    return isObject(value) && Object.hasOwn(value, name) ? (value[name] ?? null) : null;
  };
  return { get, blocks: (name) => viewsOf(get(name)) };
}

function viewsOf(value: Value): BlockView[] {
  if (value === null) return [];
  return isList(value) ? value.map(valueView) : [valueView(value)];
}

function staticBlocks(raw: unknown, scope: Scope): BlockView[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return viewsOf(evaluateRaw(raw, scope));
  // hcl2json writes nested blocks, and lists of objects in attribute syntax, as arrays of bodies.
  return raw.flatMap((item) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? [bodyView(item as Body, scope)]
      : viewsOf(evaluateRaw(item, scope)),
  );
}

function dynamicBlocks(body: Body, name: string, scope: Scope): BlockView[] {
  return asList(asRecord(body.dynamic)[name]).flatMap((raw) => {
    const dynamic = asRecord(raw);
    const content = asRecord(asList(dynamic.content)[0]);
    const iterator = iteratorName(dynamic.iterator) ?? name;
    const items = evaluateRaw(dynamic.for_each, scope);
    let pairs: [Value, Value][];
    if (isList(items)) pairs = items.map((v, i) => [i, v]);
    else if (isObject(items))
      pairs = Object.keys(items)
        .sort()
        .map((k) => [k, items[k] ?? null]);
    else if (items === null) pairs = [];
    // Unknown for_each: one block whose iterator is unknown, so its arguments are judged as unknown.
    else pairs = [[items, items]];
    return pairs
      .slice(0, MAX_DYNAMIC_ITEMS)
      .map(([key, value]) => bodyView(content, bind(scope, { [iterator]: { key, value } })));
  });
}

function iteratorName(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const expression = parseValueString(raw);
  return expression.kind === 'reference' && expression.steps.length === 0 ? expression.root : undefined;
}
