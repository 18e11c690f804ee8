import type { Dimension } from '../challenges/schema.ts';

export {
  GRADING_KINDS,
  GRADING_STATUSES,
  type GradingKind,
  type GradingStatus,
} from '../contract/grading-states.ts';

/** One declared check with the grader's verdict, as stored (staff see all of it, candidates a part). */
export interface StoredCheckResult {
  id: string;
  title: string;
  dimension: Dimension;
  weight: number;
  visible: boolean;
  covers: string[];
  passed: boolean;
  score: number;
  message: string;
  evidence: string[];
}

export interface StoredDiagnostic {
  file: string;
  line: number;
  column?: number | undefined;
  message: string;
}

export interface DimensionScore {
  dimension: Dimension;
  /** 0-100, or null when no check informed it. */
  score: number | null;
  checkCount: number;
}

/** What grading some files produced: a judgement, or a grader error that says nothing about the candidate. */
export type GradingOutcome =
  | {
      kind: 'judged';
      checks: StoredCheckResult[];
      diagnostics: StoredDiagnostic[];
      score: number;
      wallMs: number;
    }
  | {
      kind: 'grader_error';
      error: string;
      wallMs: number | null;
      /** The output was written to by something other than the grader: flagged to reviewers. */
      tampering?: boolean;
    }
  /** The sandbox itself failed (engine down, aborted): worth retrying. */
  | { kind: 'infrastructure_error'; error: string };
