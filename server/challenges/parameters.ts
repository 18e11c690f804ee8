import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * A challenge's parameters (#17): names, ranges, ports, thresholds that differ from one invitation
 * to the next. The files on disk are the default variant, written with each parameter's first value;
 * a variant replaces that literal text with the value its seed draws, in the brief, the starter and
 * the reference, and the grader reads the drawn values from grader/parameters.json. Nothing is
 * evaluated: a value is plain text put where the default's text was.
 */
const parameterValue = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_./:-]*$/, 'must be letters, digits and _ . / : - (a name, a CIDR, a port)');

export const parameterSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z][a-zA-Z0-9]{0,31}$/, 'must be a camelCase name'),
    /** What it is, for the staff's variant label ("service", "bucket"). */
    title: z.string().min(1).max(40),
    /** The domain; the first is the default, the text the package's files are written with. */
    values: z
      .array(parameterValue)
      .min(2)
      .max(16)
      .refine((values) => new Set(values).size === values.length, 'must not repeat a value'),
  })
  .refine(
    (p) => p.values.every((v, i) => p.values.every((w, j) => i === j || !w.includes(v))),
    'no value may contain another (the text each replaces must be unambiguous)',
  );
export type Parameter = z.infer<typeof parameterSchema>;

/** The resolved values of one variant, by parameter name. */
export type ParameterValues = Readonly<Record<string, string>>;

/** The seed of an invitation's variant; null is the default variant (invitations before #17). */
export type VariantSeed = number | null;

/** The largest seed drawn (a positive 31-bit integer, stored in an integer column). */
export const MAX_SEED = 2 ** 31 - 1;

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

/** One text as the variant has it: each parameter's default text replaced by its drawn value. */
export function renderText(text: string, parameters: readonly Parameter[], values: ParameterValues): string {
  let rendered = text;
  for (const p of parameters) {
    const value = values[p.name];
    const literal = p.values[0];
    if (value === undefined || literal === undefined || value === literal) continue;
    rendered = rendered.replace(literalPattern(literal), () => value);
  }
  return rendered;
}
