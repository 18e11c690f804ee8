/**
 * The values the grader computes from Terraform expressions: plain JSON-like data, plus an explicit
 * `Unknown` wherever the grader cannot (or Terraform would not, before apply) know the value.
 */
export const UNKNOWN: unique symbol = Symbol('unknown');

/**
 * Why a value is unknown. The checks treat the reasons differently (see README.md beside this file):
 * - `computed`: the provider decides it at apply time (an instance id, a service account's email, a
 *   data source). Never a literal in the code.
 * - `input`: an input variable that has no default and no tfvars value; whoever runs plan decides.
 * - `invalid`: Terraform itself would reject the expression (index out of range, missing attribute).
 * - `unsupported`: the grader does not evaluate this expression (a function it lacks, a cycle, a budget).
 */
export type UnknownReason = 'computed' | 'input' | 'invalid' | 'unsupported';

export interface Unknown {
  readonly [UNKNOWN]: UnknownReason;
  readonly detail: string;
  /** Addresses of the resources this value derives from (kept so a reference can be traced back). */
  readonly origin: readonly string[];
  /** For a resource or module instance: its configured arguments or outputs, evaluated on demand. */
  readonly attribute: ((name: string) => Value) | undefined;
}

export interface ValueObject {
  readonly [key: string]: Value;
}
export type Value = null | boolean | number | string | readonly Value[] | ValueObject | Unknown;

/** The strongest reason wins when unknowns combine: a value the grader cannot evaluate stays that way. */
const REASON_RANK: Record<UnknownReason, number> = { computed: 0, input: 1, invalid: 2, unsupported: 3 };
const MAX_ORIGINS = 20;

export function unknown(
  reason: UnknownReason,
  detail: string,
  origin: readonly string[] = [],
  attribute?: (name: string) => Value,
): Unknown {
  return { [UNKNOWN]: reason, detail, origin, attribute };
}

export function isUnknown(value: Value | undefined): value is Unknown {
  return typeof value === 'object' && value !== null && UNKNOWN in value;
}

export function reasonOf(value: Unknown): UnknownReason {
  return value[UNKNOWN];
}

export function isList(value: Value | undefined): value is readonly Value[] {
  return Array.isArray(value);
}

export function isObject(value: Value | undefined): value is ValueObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(UNKNOWN in value);
}

/** Combines several unknowns into one, keeping the strongest reason and every origin. */
export function combineUnknowns(values: readonly Unknown[]): Unknown {
  let strongest = values[0] ?? unknown('unsupported', 'no value');
  const origin = new Set<string>();
  for (const value of values) {
    if (REASON_RANK[reasonOf(value)] > REASON_RANK[reasonOf(strongest)]) strongest = value;
    for (const address of value.origin) origin.add(address);
  }
  return unknown(reasonOf(strongest), strongest.detail, [...origin].sort().slice(0, MAX_ORIGINS));
}

/** The unknowns directly among `values` (not nested), combined; undefined when all are known. */
export function unknownAmong(values: readonly Value[]): Unknown | undefined {
  const unknowns = values.filter(isUnknown);
  return unknowns.length > 0 ? combineUnknowns(unknowns) : undefined;
}

/** Every unknown anywhere inside `value`, combined; undefined when the value is wholly known. */
export function deepUnknown(value: Value): Unknown | undefined {
  const found: Unknown[] = [];
  const visit = (v: Value): void => {
    if (isUnknown(v)) found.push(v);
    else if (isList(v)) v.forEach(visit);
    else if (isObject(v)) Object.values(v).forEach(visit);
  };
  visit(value);
  return found.length > 0 ? combineUnknowns(found) : undefined;
}

/** Adds a resource address to an unknown's origin, so `aws_s3_bucket.x.bucket` still points at x. */
export function withOrigin(value: Value, address: string): Value {
  if (!isUnknown(value) || value.origin.includes(address)) return value;
  return unknown(
    reasonOf(value),
    value.detail,
    [...value.origin, address].slice(0, MAX_ORIGINS),
    value.attribute,
  );
}

/** A short, human-readable rendering for messages and evidence. */
export function describe(value: Value, limit = 120): string {
  const text = render(value, 0);
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

function render(value: Value, depth: number): string {
  if (isUnknown(value)) return `(${UNKNOWN_LABEL[reasonOf(value)]})`;
  if (depth > 4) return '…';
  if (isList(value)) return `[${value.map((v) => render(v, depth + 1)).join(', ')}]`;
  if (isObject(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k} = ${render(v, depth + 1)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

const UNKNOWN_LABEL: Record<UnknownReason, string> = {
  computed: 'known after apply',
  input: 'input without a value',
  invalid: 'invalid expression',
  unsupported: 'not evaluated',
};
