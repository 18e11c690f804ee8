import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import type { Contexts } from './expressions.ts';
import { asText, evaluate } from './expressions.ts';
import { entries, scalarOf } from './tokens.ts';

/** Variables by name; undefined marks one whose value cannot be known (an expression that failed). */
export type Variables = ReadonlyMap<string, string | undefined>;

/**
 * Adds an `env:` mapping (workflow, job or step level) on top of `base`, evaluating `${{ }}` values
 * with the contexts that level allows. A value that is neither a literal nor an expression (a nested
 * mapping, which GitHub rejects anyway) is unknown.
 */
export function withEnv(base: Variables, token: TemplateToken | undefined, contexts: Contexts): Variables {
  const result = new Map(base);
  for (const [name, value] of entries(token)) {
    const scalar = scalarOf(value);
    if (!scalar) result.set(name, undefined);
    else if ('literal' in scalar) result.set(name, scalar.literal === null ? '' : String(scalar.literal));
    else {
      const evaluation = evaluate(scalar.expression, { ...contexts, env: envObject(base) });
      result.set(name, evaluation.ok ? asText(evaluation.value) : undefined);
    }
  }
  return result;
}

/** The `env` context: known variables only (an unknown one reads as empty, as an unset variable does). */
export function envObject(variables: Variables): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of variables) if (value !== undefined) env[name] = value;
  return env;
}
