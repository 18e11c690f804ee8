/**
 * The contract between the mutation runner (`npm run mutants -- <slug>`) and the operators that
 * mutate a reference solution, one module per format under `operators/`.
 */

/** One file of a submission, as the grader receives it (a path relative to the workspace). */
export interface SubmissionFile {
  path: string;
  content: string;
}

/** A semantic change to the reference solution that a careful reviewer would notice. */
export interface Mutant {
  /**
   * Stable across runs for the same input: the operator, the file and the object it changed,
   * e.g. `hcl.widen-cidr main.tf aws_security_group.db ingress[0]`. `mutants.yaml` names
   * equivalent mutants by this id.
   */
  id: string;
  /** The operator's name, e.g. `hcl.widen-cidr`. */
  operator: string;
  /** What changed, in words a challenge author reads in the report. */
  description: string;
  /** The whole mutated submission (every file, changed or not). */
  files: SubmissionFile[];
}

export interface MutationOperator {
  /** `<format>.<verb-object>`, e.g. `hcl.drop-argument`, `k8s.change-selector`. */
  name: string;
  description: string;
  /** Every mutant this operator makes of the submission, in a deterministic order. */
  apply(files: readonly SubmissionFile[]): Mutant[];
}
