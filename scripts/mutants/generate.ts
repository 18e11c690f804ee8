/**
 * Runs operators over a reference solution and keeps the mutants worth grading: one per distinct
 * submission, none equal to the reference (an operator that changed nothing tests nothing).
 */
import type { Mutant, MutationOperator, SubmissionFile } from './types.ts';

export interface GeneratedMutants {
  /** Distinct mutants in operator order, then each operator's own order. */
  mutants: Mutant[];
  /** Mutants whose files equal the reference's (dropped). */
  sameAsReference: Mutant[];
  /** Mutants whose files equal an earlier mutant's (dropped; `of` is the id kept). */
  duplicates: { mutant: Mutant; of: string }[];
  /** Operators that threw or broke the contract: a bug in the operator, reported, never graded. */
  operatorErrors: { operator: string; error: string }[];
}

/** A key equal for two submissions exactly when they hold the same paths with the same contents. */
export function submissionKey(files: readonly SubmissionFile[]): string {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return JSON.stringify(sorted.map((f) => [f.path, f.content]));
}

/** What is wrong with a mutant as the contract (types.ts) defines it, or undefined. */
function contractBreach(operator: MutationOperator, mutant: Mutant): string | undefined {
  if (mutant.operator !== operator.name) {
    return `mutant ${mutant.id} says operator ${mutant.operator}, made by ${operator.name}`;
  }
  if (!mutant.id.startsWith(`${operator.name} `)) {
    return `mutant id ${JSON.stringify(mutant.id)} must start with "${operator.name} " (operator, file, object)`;
  }
  if (mutant.description.trim() === '') return `mutant ${mutant.id} has no description`;
  const paths = mutant.files.map((f) => f.path);
  if (new Set(paths).size !== paths.length) return `mutant ${mutant.id} repeats a file path`;
  return undefined;
}

/**
 * Applies each operator to the reference and drops the mutants that change nothing or repeat an
 * earlier one. Two mutants with one id but different files break the contract (ids name mutants in
 * mutants.yaml, so they must be unique): the later one is an operator error.
 */
export function generateMutants(
  reference: readonly SubmissionFile[],
  operators: readonly MutationOperator[],
): GeneratedMutants {
  const result: GeneratedMutants = { mutants: [], sameAsReference: [], duplicates: [], operatorErrors: [] };
  const referenceKey = submissionKey(reference);
  const byKey = new Map<string, string>();
  const byId = new Map<string, string>();
  for (const operator of operators) {
    let made: Mutant[];
    try {
      made = operator.apply(reference.map((f) => ({ ...f })));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result.operatorErrors.push({ operator: operator.name, error: `threw: ${message}` });
      continue;
    }
    for (const mutant of made) {
      const breach = contractBreach(operator, mutant);
      if (breach) {
        result.operatorErrors.push({ operator: operator.name, error: breach });
        continue;
      }
      const key = submissionKey(mutant.files);
      const sameId = byId.get(mutant.id);
      if (sameId !== undefined && sameId !== key) {
        result.operatorErrors.push({
          operator: operator.name,
          error: `id ${JSON.stringify(mutant.id)} names two different mutants; ids must be unique`,
        });
        continue;
      }
      byId.set(mutant.id, key);
      const earlier = byKey.get(key);
      if (key === referenceKey) result.sameAsReference.push(mutant);
      else if (earlier !== undefined) result.duplicates.push({ mutant, of: earlier });
      else {
        byKey.set(key, mutant.id);
        result.mutants.push(mutant);
      }
    }
  }
  return result;
}
