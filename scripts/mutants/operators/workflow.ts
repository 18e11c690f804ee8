import type { MutationOperator } from '../types.ts';

/** Mutation operators for this format (see ../types.ts); filled in by the format's grader work. */
export const operators: MutationOperator[] = [];
