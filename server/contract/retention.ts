/**
 * Candidates' data (#16 point 5): an organisation's retention period, a candidate's export and
 * erasure. Imports nothing but zod, so the client can share it.
 */
import { z } from 'zod';

export const RETENTION_DAYS = { min: 30, max: 3650, default: 365 } as const;

export const retentionSettingsSchema = z.strictObject({
  retentionDays: z
    .number()
    .int('must be a whole number of days')
    .min(RETENTION_DAYS.min, `must be at least ${RETENTION_DAYS.min} days`)
    .max(RETENTION_DAYS.max, `must be at most ${RETENTION_DAYS.max} days`),
});
export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

export const erasedAttemptSchema = z.object({ attemptId: z.string(), erasedAt: z.string() });
export type ErasedAttempt = z.infer<typeof erasedAttemptSchema>;

/** Everything Gauntlet holds about one candidate's attempt, as a manager hands it to them. */
export const candidateExportSchema = z.object({
  exportedAt: z.string(),
  organisation: z.object({ retentionDays: z.number() }),
  candidate: z.object({ name: z.string(), email: z.string(), timeZone: z.string().nullable() }),
  invitation: z.object({
    id: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    revokedAt: z.string().nullable(),
  }),
  attempt: z.object({
    id: z.string(),
    assessmentTitle: z.string(),
    startedAt: z.string().nullable(),
    deadlineAt: z.string().nullable(),
    submittedAt: z.string().nullable(),
  }),
  accommodation: z
    .object({ extraPercent: z.number().nullable(), extraMinutes: z.number().nullable(), note: z.string() })
    .nullable(),
  /**
   * The review page's answer as the exporting manager sees it (results, scores, reviews): its shape
   * is the review page's contract (staff.ts), checked loosely here so the two can grow apart.
   */
  review: z.looseObject({
    attempt: z.looseObject({ id: z.string() }),
    challenges: z.array(z.unknown()),
    reviews: z.array(z.unknown()),
  }),
  files: z.array(
    z.object({ challengeSlug: z.string(), path: z.string(), content: z.string(), updatedAt: z.string() }),
  ),
  events: z.array(
    z.object({
      seq: z.number(),
      at: z.string(),
      challengeSlug: z.string(),
      kind: z.string(),
      payload: z.unknown(),
    }),
  ),
  replayNotes: z.array(
    z.object({ challengeSlug: z.string(), seq: z.number(), body: z.string(), createdAt: z.string() }),
  ),
});
export type CandidateExport = z.infer<typeof candidateExportSchema>;
