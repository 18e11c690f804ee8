/**
 * challenges/<slug>/mutants.yaml: which operator formats the mutation runner applies to the
 * challenge's solution/, which surviving mutants are equivalent (and why), and the kill rate the
 * challenge has reached (written by `npm run mutants -- <slug> --record`).
 *
 *   operators: [hcl]
 *   equivalent:
 *     - id: hcl.flip-boolean main.tf aws_db_instance.main skip_final_snapshot
 *       reason: the brief says nothing about final snapshots; both values are right
 *   recordedKillRate: 0.97
 */
import { readFile } from 'node:fs/promises';
import YAML from 'yaml';
import { z } from 'zod';

/** The formats an operator module exists for (scripts/mutants/operators/<format>.ts). */
export const MUTATION_FORMATS = [
  'hcl',
  'kubernetes',
  'workflow',
  'iam',
  'prometheus',
  'architecture',
] as const;
export type MutationFormat = (typeof MUTATION_FORMATS)[number];

const equivalentSchema = z.strictObject({
  id: z.string().trim().min(1, 'an equivalent mutant needs the id the report printed'),
  reason: z.string().trim().min(1, 'say why this mutant is equivalent: a reason a reviewer would accept'),
});

/** The schema of challenges/<slug>/mutants.yaml. Unknown keys are refused so a typo cannot hide. */
export const mutantsManifestSchema = z.strictObject({
  operators: z
    .array(z.enum(MUTATION_FORMATS, { error: `must be one of ${MUTATION_FORMATS.join(', ')}` }))
    .min(1, 'name at least one format')
    .refine((list) => new Set(list).size === list.length, 'lists a format twice'),
  equivalent: z
    .array(equivalentSchema)
    .default([])
    .refine((list) => new Set(list.map((e) => e.id)).size === list.length, 'lists the same mutant id twice'),
  recordedKillRate: z.number().min(0).max(1).optional(),
});
export type MutantsManifest = z.infer<typeof mutantsManifestSchema>;

/** A mutants.yaml that cannot be used; the message names the file and the field. */
export class MutantsManifestError extends Error {
  override name = 'MutantsManifestError';
}

/** Validates the text of a mutants.yaml; `file` is only used to name it in errors. */
export function parseMutantsManifest(text: string, file: string): MutantsManifest {
  let raw: unknown;
  try {
    raw = YAML.parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new MutantsManifestError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = mutantsManifestSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new MutantsManifestError(`${file}: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/** Reads and validates challenges/<slug>/mutants.yaml. */
export async function readMutantsManifest(file: string): Promise<MutantsManifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new MutantsManifestError(
      code === 'ENOENT'
        ? `${file}: file is missing (write operators: [<format>] to say which formats mutate the solution)`
        : `${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return parseMutantsManifest(text, file);
}
