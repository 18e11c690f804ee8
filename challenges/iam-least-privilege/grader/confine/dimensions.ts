import type { ConditionTest } from '../statements.ts';
import { wildcardInstances } from './wildcards.ts';

/** One way a request's context can vary: `set` writes keys (undefined removes one), `note` says it in words. */
export interface Option {
  readonly note: string;
  readonly set: Readonly<Record<string, string | undefined>>;
}

/** A context key (or a group of keys that move together) and the values tried for it; the first is the worker's own. */
export interface Dimension {
  readonly name: string;
  readonly options: readonly Option[];
}

const OUTSIDE_IP = '198.51.100.23';
const OTHER_ARN = 'arn:aws:iam::444455556666:role/other';

const lower = (s: string) => s.toLowerCase();
const family = (operator: string) =>
  lower(operator)
    .replace(/^(forallvalues|foranyvalue):/, '')
    .replace(/ifexists$/, '');

/** The first address of a CIDR block (or the address itself). */
function firstAddress(cidr: string): string {
  return cidr.split('/')[0] ?? cidr;
}

/**
 * The values to try for a key the policy conditions on, from the tests that name it: each value the
 * policy writes (a wildcard with what it could stand for), a value next to it (just before and after
 * a date or a number, an address outside a range), one the policy never mentions, and the key absent.
 */
export function valuesFor(tests: readonly ConditionTest[]): (string | undefined)[] {
  const values = new Set<string>();
  let absentAllowed = true;
  for (const { operator, key, values: written } of tests) {
    const kind = family(operator);
    for (const value of written) {
      if (kind.startsWith('string') || kind.startsWith('arn')) {
        for (const instance of wildcardInstances(value)) values.add(instance);
        values.add(kind.startsWith('arn') ? OTHER_ARN : 'other-value');
      } else if (kind.startsWith('numeric')) {
        const n = Number(value);
        if (Number.isFinite(n)) for (const v of [n - 1, n, n + 1]) values.add(String(v));
      } else if (kind.startsWith('date')) {
        const t = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
        if (Number.isFinite(t))
          for (const d of [t - 1000, t, t + 1000]) values.add(new Date(d).toISOString());
      } else if (kind === 'bool') {
        values.add('true');
        values.add('false');
      } else if (kind.endsWith('ipaddress')) {
        values.add(firstAddress(value));
        values.add(OUTSIDE_IP);
      } else if (kind === 'null') {
        values.add('other-value');
      } else {
        values.add(value);
        values.add('other-value');
      }
    }
    if (lower(key) === 'aws:securetransport') absentAllowed = false;
  }
  return absentAllowed ? [undefined, ...values] : [...values];
}

/** A dimension for one generic key: absent first (the worker does not send it), then every value. */
export function keyDimension(key: string, tests: readonly ConditionTest[], first?: string): Dimension {
  const values = valuesFor(tests);
  const ordered = first === undefined ? values : [first, ...values.filter((v) => v !== first)];
  return {
    name: key,
    options: ordered.map((value) => ({
      note: value === undefined ? `without ${key}` : `with ${key} ${value}`,
      set: { [key]: value },
    })),
  };
}
