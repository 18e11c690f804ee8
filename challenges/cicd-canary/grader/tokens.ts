import {
  isBasicExpression,
  isBoolean,
  isLiteral,
  isMapping,
  isNumber,
  isSequence,
  isString,
} from '@actions/workflow-parser';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/mapping-token';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';

/**
 * Small readers over the workflow parser's token tree, for the keys its converted model leaves out
 * (`permissions`, `defaults`, a step's `shell` and `working-directory`).
 */

/** A value as written: a literal, or the text of a `${{ }}` expression still to evaluate. */
export type Scalar = { readonly literal: string | number | boolean | null } | { readonly expression: string };

export function field(token: TemplateToken | undefined, key: string): TemplateToken | undefined {
  return token && isMapping(token) ? token.find(key) : undefined;
}

export function asMapping(token: TemplateToken | undefined): MappingToken | undefined {
  return token && isMapping(token) ? token : undefined;
}

/** The mapping's keys and values, keys as written. */
export function entries(token: TemplateToken | undefined): [string, TemplateToken][] {
  const mapping = asMapping(token);
  if (!mapping) return [];
  const result: [string, TemplateToken][] = [];
  for (const pair of mapping) {
    if (isString(pair.key)) result.push([pair.key.value, pair.value]);
  }
  return result;
}

export function items(token: TemplateToken | undefined): TemplateToken[] {
  return token && isSequence(token) ? [...token] : [];
}

export function scalarOf(token: TemplateToken | undefined): Scalar | undefined {
  if (!token) return undefined;
  if (isBasicExpression(token)) return { expression: token.expression };
  if (isString(token) || isNumber(token) || isBoolean(token)) return { literal: token.value };
  if (isLiteral(token)) return { literal: null };
  return undefined;
}

/** A literal string value, or undefined (absent, an expression, or not a string). */
export function literalString(token: TemplateToken | undefined): string | undefined {
  return token && isString(token) ? token.value : undefined;
}

export function lineOf(token: TemplateToken | undefined): number {
  return token?.range?.start.line ?? 0;
}
