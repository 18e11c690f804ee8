// HCL's operators, and the conversions they make: "true" is a bool and "3" a number where one is needed.
import { same } from './functions.ts';
import type { Unknown, Value } from './values.ts';
import { deepUnknown, isUnknown, unknown, unknownAmong } from './values.ts';

/** A binary operator; `right` is evaluated only when && and || need it. */
export function binary(op: string, left: Value, evaluateRight: () => Value): Value {
  if (op === '&&' || op === '||') {
    const shortCircuit = op === '||';
    if (toBool(left) === shortCircuit) return shortCircuit;
    const right = evaluateRight();
    if (toBool(right) === shortCircuit) return shortCircuit;
    const pending = unknownAmong([left, right]);
    if (pending) return pending;
    const [l, r] = [toBool(left), toBool(right)];
    return l === undefined || r === undefined ? invalid(`${op} needs booleans`) : !shortCircuit;
  }
  const right = evaluateRight();
  if (op === '==' || op === '!=') {
    const pending = unknownAmong([deepUnknown(left) ?? left, deepUnknown(right) ?? right]);
    if (pending) return pending;
    return same(left, right) === (op === '==');
  }
  const pending = unknownAmong([left, right]);
  if (pending) return pending;
  const [l, r] = [toNumber(left), toNumber(right)];
  if (l === undefined || r === undefined) return invalid(`${op} needs numbers`);
  return arithmetic(op, l, r);
}

function arithmetic(op: string, l: number, r: number): Value {
  switch (op) {
    case '<':
      return l < r;
    case '>':
      return l > r;
    case '<=':
      return l <= r;
    case '>=':
      return l >= r;
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      return r === 0 ? invalid('division by zero') : l / r;
    case '%':
      return r === 0 ? invalid('division by zero') : l % r;
    default:
      return unknown('unsupported', `operator ${op}`);
  }
}

/** `!x` and `-x`. */
export function unary(op: '!' | '-', operand: Value): Value {
  if (isUnknown(operand)) return operand;
  if (op === '!') return mapBool(operand, (b) => !b);
  const n = toNumber(operand);
  return n === undefined ? invalid('- needs a number') : -n;
}

export function invalid(detail: string): Unknown {
  return unknown('invalid', detail);
}

export function toBool(value: Value): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

export function mapBool(value: Value, fn: (b: boolean) => boolean): Value {
  const b = toBool(value);
  return b === undefined ? invalid('expected a boolean') : fn(b);
}

export function toNumber(value: Value): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}
