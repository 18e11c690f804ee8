/**
 * What a grading is and where it stands: one list for the API contract, the replay contract and the
 * server's scoring (the database's check constraint in migrations/ holds the same statuses).
 */
export const GRADING_KINDS = ['run', 'submit'] as const;
export type GradingKind = (typeof GRADING_KINDS)[number];
/** `superseded`: a check run replaced by a newer one before any worker started it. */
export const GRADING_STATUSES = ['queued', 'running', 'done', 'error', 'superseded'] as const;
export type GradingStatus = (typeof GRADING_STATUSES)[number];
