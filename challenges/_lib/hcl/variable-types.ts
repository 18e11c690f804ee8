import { parseValueString } from './expression-parse.ts';
import { callFunction } from './functions.ts';
import { toBool, toNumber } from './operators.ts';
import type { Value } from './values.ts';
import { isList, isUnknown } from './values.ts';

/**
 * Applies the conversions Terraform makes when a value meets a variable's `type`: "3" for a number,
 * "true" for a bool, a list for a set (sorted, without duplicates). Other types pass the value through.
 */
export function convertToType(value: Value, typeRaw: unknown): Value {
  if (typeof typeRaw !== 'string' || isUnknown(value) || value === null) return value;
  const type = parseValueString(typeRaw);
  if (type.kind === 'reference' && type.steps.length === 0) {
    if (type.root === 'number') return toNumber(value) ?? value;
    if (type.root === 'bool') return toBool(value) ?? value;
    if (type.root === 'string' && (typeof value === 'number' || typeof value === 'boolean'))
      return String(value);
  }
  if (type.kind === 'call' && type.name === 'set' && isList(value)) return callFunction('toset', [value]);
  return value;
}
