import { asList, asRecord, asString, asStringMap, isRecord } from './values.ts';

/** A metav1.LabelSelector as the API server evaluates it. */
export interface LabelSelector {
  /** True when the selector has no terms at all: it selects every pod in its namespace. */
  readonly empty: boolean;
  matches(labels: ReadonlyMap<string, string>): boolean;
  describe(): string;
}

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
type Operator = (typeof OPERATORS)[number];

interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

/**
 * Reads `matchLabels` and `matchExpressions`. A term the API server would refuse (an unknown
 * operator, In without values) makes the selector match nothing, so it is never trusted.
 */
export function labelSelector(raw: unknown): LabelSelector {
  const record = asRecord(raw);
  const required = asStringMap(record.matchLabels);
  const requirements: Requirement[] = [];
  let broken = false;
  for (const term of asList(record.matchExpressions)) {
    const fields = asRecord(term);
    const key = asString(fields.key);
    const operator = OPERATORS.find((op) => op === fields.operator);
    const values = asList(fields.values).filter((v): v is string => typeof v === 'string');
    const needsValues = operator === 'In' || operator === 'NotIn';
    if (!key || !operator || needsValues !== values.length > 0) broken = true;
    else requirements.push({ key, operator, values });
  }
  const empty = !broken && required.size === 0 && requirements.length === 0;
  return {
    empty,
    matches: (labels) =>
      !broken &&
      [...required].every(([key, value]) => labels.get(key) === value) &&
      requirements.every((r) => satisfies(r, labels)),
    describe: () =>
      [
        ...[...required].map(([k, v]) => `${k}=${v}`),
        ...requirements.map(
          (r) => `${r.key} ${r.operator}${r.values.length ? ` (${r.values.join(', ')})` : ''}`,
        ),
      ].join(', ') || '(empty)',
  };
}

function satisfies(requirement: Requirement, labels: ReadonlyMap<string, string>): boolean {
  const value = labels.get(requirement.key);
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && requirement.values.includes(value);
    case 'NotIn':
      return value === undefined || !requirement.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
  }
}

/** A Service's selector: a plain map, every pair must be among the pod's labels. */
export function mapSelectorMatches(selector: unknown, labels: ReadonlyMap<string, string>): boolean {
  const required = asStringMap(selector);
  return required.size > 0 && [...required].every(([key, value]) => labels.get(key) === value);
}

/**
 * The API server refuses any change to a Deployment's selector. It compares semantically: map order
 * does not matter, and an empty list or map equals a missing one.
 */
export function sameSelector(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .filter((k) => !isEmpty(value[k]))
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}
