// The platform's schema caps these; clipping keeps a long finding from becoming a grader error.

/** Longest message (check or diagnostic) the platform accepts. */
export const MAX_MESSAGE = 2000;
/** Longest single evidence line the platform accepts. */
export const MAX_EVIDENCE_ITEM = 500;

/** `text`, cut to `limit` characters with a trailing ellipsis when longer. */
export function clip(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
