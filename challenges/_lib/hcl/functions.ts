import { cidrHost, cidrSubnet } from './cidr.ts';
import type { Value } from './values.ts';
import { deepUnknown, isList, isObject, isUnknown, unknown, unknownAmong } from './values.ts';

/**
 * Terraform's built-in functions that matter for following values in a refactored stack. A function
 * missing here yields an `unsupported` unknown, which the checks treat as "cannot verify".
 * `try` and `can` need their arguments unevaluated, so the evaluator handles them itself.
 */
export function callFunction(name: string, args: readonly Value[]): Value {
  const implementation = FUNCTIONS[name];
  if (!implementation) return unknown('unsupported', `the grader does not evaluate ${name}()`);
  const pending = STRICT.has(name) ? unknownAmong(args.map(deepOrSelf)) : unknownAmong(args);
  if (pending) return pending;
  return implementation(args) ?? unknown('invalid', `${name}() was called with arguments Terraform rejects`);
}

/** Functions that need every part of their arguments known (they look inside the values). */
const STRICT = new Set(
  (
    'join split lower upper trimspace chomp format replace tostring tonumber tobool toset distinct contains ' +
    'min max abs ceil floor range cidrsubnet cidrhost alltrue anytrue base64decode base64encode keys zipmap ' +
    'sum startswith endswith substr'
  ).split(' '),
);

function deepOrSelf(value: Value): Value {
  return deepUnknown(value) ?? value;
}

type Implementation = (args: readonly Value[]) => Value | undefined;

const MAX_RANGE = 1024;
const str = (v: Value | undefined): v is string => typeof v === 'string';
const num = (v: Value | undefined): number | undefined =>
  typeof v === 'number' ? v : str(v) && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
const identity: Implementation = ([v]) => v;

const FUNCTIONS: Record<string, Implementation> = {
  length: ([v]) =>
    isList(v) ? v.length : isObject(v) ? Object.keys(v).length : str(v) ? [...v].length : undefined,
  tolist: ([v]) => (isList(v) ? v : undefined),
  toset: ([v]) => (isList(v) ? toSet(v) : undefined),
  tomap: ([v]) => (isObject(v) ? v : undefined),
  sensitive: identity,
  nonsensitive: identity,
  concat: (args) => (args.every(isList) ? args.flat() : undefined),
  merge: (args) => {
    const objects = args.filter((a) => a !== null);
    return objects.every(isObject) ? Object.assign({}, ...objects) : undefined;
  },
  lookup: ([map, key, fallback]) => {
    if (!isObject(map) || !str(key)) return undefined;
    return Object.hasOwn(map, key) ? map[key] : fallback;
  },
  element: ([list, index]) => {
    const i = num(index);
    if (!isList(list) || list.length === 0 || i === undefined) return undefined;
    return list[((Math.floor(i) % list.length) + list.length) % list.length];
  },
  keys: ([v]) => (isObject(v) ? Object.keys(v).sort() : undefined),
  values: ([v]) =>
    isObject(v)
      ? Object.keys(v)
          .sort()
          .map((k) => v[k] ?? null)
      : undefined,
  flatten: ([v]) => (isList(v) ? flatten(v) : undefined),
  distinct: ([v]) => (isList(v) ? dedupe(v) : undefined),
  contains: ([list, item]) =>
    isList(list) && item !== undefined ? list.some((x) => same(x, item)) : undefined,
  compact: ([v]) => (isList(v) ? v.filter((x) => x !== null && x !== '') : undefined),
  alltrue: ([v]) => (isList(v) ? allBooleans(v)?.every(Boolean) : undefined),
  anytrue: ([v]) => (isList(v) ? allBooleans(v)?.some(Boolean) : undefined),
  coalesce: (args) => args.find((a) => a !== null && a !== '') ?? undefined,
  one: ([v]) => (isList(v) && v.length <= 1 ? (v[0] ?? null) : undefined),
  slice: ([list, from, to]) => {
    const [a, b] = [num(from), num(to)];
    if (!isList(list) || a === undefined || b === undefined || a < 0 || b > list.length || a > b)
      return undefined;
    return list.slice(a, b);
  },
  zipmap: ([ks, vs]) => {
    if (!isList(ks) || !isList(vs) || ks.length !== vs.length || !ks.every(str)) return undefined;
    return Object.fromEntries(ks.map((k, i) => [k, vs[i] ?? null]));
  },
  range: (args) => range(args.map(num)),
  join: ([sep, list]) =>
    str(sep) && isList(list) && list.every(isScalar) ? list.map(toText).join(sep) : undefined,
  split: ([sep, text]) => (str(sep) && str(text) ? text.split(sep) : undefined),
  lower: ([v]) => (str(v) ? v.toLowerCase() : undefined),
  upper: ([v]) => (str(v) ? v.toUpperCase() : undefined),
  trimspace: ([v]) => (str(v) ? v.trim() : undefined),
  chomp: ([v]) => (str(v) ? v.replace(/[\r\n]+$/, '') : undefined),
  startswith: ([v, p]) => (str(v) && str(p) ? v.startsWith(p) : undefined),
  endswith: ([v, p]) => (str(v) && str(p) ? v.endsWith(p) : undefined),
  substr: ([v, offset, length]) => {
    const [o, l] = [num(offset), num(length)];
    if (!str(v) || o === undefined || l === undefined) return undefined;
    return [...v].slice(o, l < 0 ? undefined : o + l).join('');
  },
  replace: ([v, search, replacement]) => {
    // A /pattern/ search is a regular expression in Terraform; the grader does not emulate RE2.
    if (!str(v) || !str(search) || !str(replacement) || /^\/.*\/$/.test(search)) return undefined;
    return v.split(search).join(replacement);
  },
  format: ([pattern, ...rest]) => (str(pattern) ? format(pattern, rest) : undefined),
  tostring: ([v]) => (isScalar(v) && v !== null ? toText(v) : v === null ? null : undefined),
  tonumber: ([v]) => (v === null ? null : num(v)),
  tobool: ([v]) =>
    typeof v === 'boolean' || v === null ? v : v === 'true' ? true : v === 'false' ? false : undefined,
  min: (args) => numbers(args, Math.min),
  max: (args) => numbers(args, Math.max),
  sum: ([v]) => (isList(v) && v.length > 0 ? numbers(v, (...n) => n.reduce((a, b) => a + b, 0)) : undefined),
  abs: ([v]) => mapNumber(v, Math.abs),
  ceil: ([v]) => mapNumber(v, Math.ceil),
  floor: ([v]) => mapNumber(v, Math.floor),
  cidrsubnet: ([prefix, bits, net]) => {
    const [b, n] = [num(bits), num(net)];
    return str(prefix) && b !== undefined && n !== undefined ? cidrSubnet(prefix, b, n) : undefined;
  },
  cidrhost: ([prefix, host]) => {
    const h = num(host);
    return str(prefix) && h !== undefined ? cidrHost(prefix, h) : undefined;
  },
  base64decode: ([v]) => (str(v) ? Buffer.from(v, 'base64').toString('utf8') : undefined),
  base64encode: ([v]) => (str(v) ? Buffer.from(v, 'utf8').toString('base64') : undefined),
};

function allBooleans(list: readonly Value[]): boolean[] | undefined {
  const out = list.map((v) =>
    typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined,
  );
  return out.every((v) => v !== undefined) ? (out as boolean[]) : undefined;
}

function isScalar(v: Value | undefined): v is string | number | boolean | null {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function toText(v: string | number | boolean | null): string {
  return v === null ? '' : String(v);
}

/** Deep equality for known values (unknown parts never reach here: callers are strict). */
export function same(a: Value, b: Value): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: Value): string {
  if (isUnknown(v)) return '\u0000unknown';
  if (isList(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k] ?? null)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function dedupe(list: readonly Value[]): Value[] {
  const seen = new Set<string>();
  return list.filter((v) => {
    const key = canonical(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Terraform orders a set of strings lexically; other element types keep first-seen order here. */
function toSet(list: readonly Value[]): Value[] {
  const unique = dedupe(list);
  return unique.every(str) ? [...unique].sort() : unique;
}

function flatten(list: readonly Value[]): Value[] | undefined {
  const out: Value[] = [];
  for (const item of list) {
    if (isUnknown(item)) return undefined;
    if (isList(item)) {
      const inner = flatten(item);
      if (!inner) return undefined;
      out.push(...inner);
    } else out.push(item);
  }
  return out;
}

function range(args: (number | undefined)[]): Value | undefined {
  if (args.some((a) => a === undefined) || args.length === 0 || args.length > 3) return undefined;
  const [a = 0, b = 0, c] = args as number[];
  const [start, limit] = args.length === 1 ? [0, a] : [a, b];
  const step = c ?? (start <= limit ? 1 : -1);
  if (step === 0 || Math.abs((limit - start) / step) > MAX_RANGE) return undefined;
  const out: number[] = [];
  for (let i = start; step > 0 ? i < limit : i > limit; i += step) out.push(i);
  return out;
}

function numbers(args: readonly Value[], reduce: (...n: number[]) => number): number | undefined {
  const values = args.map(num);
  return values.length > 0 && values.every((v) => v !== undefined)
    ? reduce(...(values as number[]))
    : undefined;
}

function mapNumber(v: Value | undefined, fn: (n: number) => number): number | undefined {
  const n = num(v);
  return n === undefined ? undefined : fn(n);
}

function format(pattern: string, args: readonly Value[]): string | undefined {
  let index = 0;
  let failed = false;
  const text = pattern.replace(/%(%|[sdv])/g, (_, verb: string) => {
    if (verb === '%') return '%';
    const arg = args[index++];
    if (!isScalar(arg)) failed = true;
    return isScalar(arg) ? toText(arg) : '';
  });
  // Flags, widths and other verbs (%05d, %q, %#v) are beyond what the checks need.
  return failed || /%[^%sdv]/.test(pattern.replace(/%%/g, '')) ? undefined : text;
}
