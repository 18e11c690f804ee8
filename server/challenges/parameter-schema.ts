import { z } from 'zod';

/**
 * A challenge's parameters (#17): names, ranges, ports, thresholds that differ from one invitation
 * to the next. The files on disk are the default variant, written with each parameter's first value;
 * a variant replaces that literal text with the value its seed draws, in the brief, the starter and
 * the reference, and the grader reads the drawn values from grader/parameters.json. Nothing is
 * evaluated: a value is plain text put where the default's text was.
 *
 * The schema alone, in its own module: the manifest schema is reached by the client's bundle
 * (through contract/api.ts), which must not pull in parameters.ts's node:crypto.
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
    /**
     * Known to staff and the environment only (a live incident's injected fault): never written into
     * the brief or the files, which is why the brief need not state it. A live environment gets every
     * value, hidden or not, as VARIANT_<NAME> in the environment of its own processes.
     */
    hidden: z.boolean().default(false),
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
