/**
 * Similarity evidence on the review page: for each challenge of an attempt, the other submissions
 * of the organisation that share more than the threshold with it, and the matched fragments side
 * by side with where each came from in its replay. Evidence for a reviewer to read, never a verdict.
 * Imports nothing but zod.
 */
import { z } from 'zod';

export const FRAGMENT_ORIGINS = ['typed', 'pasted', 'unrecorded'] as const;

export const fragmentSideSchema = z.strictObject({
  attemptId: z.uuid(),
  path: z.string(),
  /** 1-based, inclusive. */
  startLine: z.number().int().min(1),
  endLine: z.number().int().min(1),
  text: z.string(),
  /** The replay event after which the text stood complete; null when the replay does not show it. */
  seq: z.number().int().min(0).nullable(),
  at: z.string().nullable(),
  origin: z.enum(FRAGMENT_ORIGINS),
});
export type FragmentSide = z.infer<typeof fragmentSideSchema>;

export const similarPairSchema = z.strictObject({
  otherAttemptId: z.uuid(),
  otherCandidateName: z.string(),
  /** Shared fingerprints over the smaller submission's own, 0 to 1. */
  score: z.number().min(0).max(1),
  sharedPrints: z.number().int().min(0),
  fragments: z.array(z.strictObject({ mine: fragmentSideSchema, theirs: fragmentSideSchema })),
});
export type SimilarPair = z.infer<typeof similarPairSchema>;

export const challengeSimilaritySchema = z.strictObject({
  slug: z.string(),
  title: z.string(),
  /** False when this attempt has not submitted the challenge: nothing to compare. */
  submitted: z.boolean(),
  /** How many other submissions of the organisation were compared. */
  compared: z.number().int().min(0),
  pairs: z.array(similarPairSchema),
});

export const similarityAnswerSchema = z.strictObject({
  threshold: z.number().min(0).max(1),
  challenges: z.array(challengeSimilaritySchema),
});
export type SimilarityAnswer = z.infer<typeof similarityAnswerSchema>;
