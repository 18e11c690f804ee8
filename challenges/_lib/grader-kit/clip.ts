// The platform's limits on a grader's result: server/challenges/schema.ts (graderOutputSchema) reads
// these very constants, so graders and platform cannot disagree. Clipping keeps a long finding from
// becoming a grader error.

/** Longest message (check or diagnostic) the platform accepts. */
export const MAX_MESSAGE = 2000;
/** Longest single evidence line the platform accepts. */
export const MAX_EVIDENCE_ITEM = 500;
/** Most evidence lines per check. */
export const MAX_EVIDENCE = 50;
/** Most diagnostics per result. */
export const MAX_DIAGNOSTICS = 50;

/** `text`, cut to `limit` characters with a trailing ellipsis when longer. */
export function clip(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
