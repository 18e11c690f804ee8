/**
 * A challenge's parameters (#17) at work: the values a seed draws and the text a variant gets. What
 * a parameter is, and why nothing is evaluated, is in parameter-schema.ts.
 */
import { createHash, randomInt } from 'node:crypto';
import type { Parameter } from './parameter-schema.ts';

export { type Parameter, parameterSchema } from './parameter-schema.ts';

/** The resolved values of one variant, by parameter name. */
export type ParameterValues = Readonly<Record<string, string>>;

/** The seed of an invitation's variant; null is the default variant (invitations before #17). */
export type VariantSeed = number | null;

/** The largest seed drawn (a positive 31-bit integer, stored in an integer column). */
export const MAX_SEED = 2 ** 31 - 1;

/** A new invitation's seed: each invitation (a take-home or an interview) its own variant. */
export const newVariantSeed = (): number => randomInt(1, MAX_SEED + 1);

/** The default variant's values: every parameter's first value. */
export const defaultValues = (parameters: readonly Parameter[]): ParameterValues =>
  Object.fromEntries(parameters.map((p) => [p.name, p.values[0] ?? '']));

/**
 * The values a seed draws, the same on every machine: each parameter is drawn from a hash of the
 * challenge, the seed and its own name, so adding a parameter never reshuffles the others.
 */
export function drawValues(
  slug: string,
  parameters: readonly Parameter[],
  seed: VariantSeed,
): ParameterValues {
  if (seed === null) return defaultValues(parameters);
  return Object.fromEntries(
    parameters.map((p) => {
      const digest = createHash('sha256').update(`${slug}\0${seed}\0${p.name}`).digest();
      return [p.name, p.values[digest.readUInt32BE(0) % p.values.length] ?? ''];
    }),
  );
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The literal as a whole token: not inside a longer name or number (`acme-invoices-archive` is not
 * `acme-invoices`, `110.0.0.0/16` is not `10.0.0.0/16`, `10.0.1` is not in `10.0.1.5`), yet
 * before a full stop or a file extension it is (`rules/checkout-api.yml`).
 */
export const literalPattern = (literal: string): RegExp =>
  new RegExp(`(?<![A-Za-z0-9_-]|[0-9]\\.)${escapeRegExp(literal)}(?![A-Za-z0-9_-]|\\.[0-9])`, 'g');

/** One text as the variant has it: each visible parameter's default text replaced by its drawn value. */
export function renderText(text: string, parameters: readonly Parameter[], values: ParameterValues): string {
  let rendered = text;
  for (const p of parameters) {
    if (p.hidden) continue;
    const value = values[p.name];
    const literal = p.values[0];
    if (value === undefined || literal === undefined || value === literal) continue;
    rendered = rendered.replace(literalPattern(literal), () => value);
  }
  return rendered;
}

/** The environment variable a live environment's processes read a parameter from: `fault` is VARIANT_FAULT. */
export const variantVariable = (name: string): string =>
  `VARIANT_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
