/**
 * The practice before the clock (issue #16): the practice challenge's brief, its environment's
 * state and the last practice check, as the candidate sees them. Practice is never counted, so
 * nothing here carries a score: each visible check says passed or not, and why.
 */
import { z } from 'zod';

export const practiceCheckSchema = z.object({
  id: z.string(),
  title: z.string(),
  passed: z.boolean(),
  message: z.string(),
});

/** The last practice check: each check's verdict, or why the check could not run. */
export const practiceCheckRunSchema = z.object({
  ranAt: z.string(),
  checks: z.array(practiceCheckSchema),
  /** Set when the check itself failed (the environment stopped, a crash): not the candidate's doing. */
  error: z.string().nullable(),
});
export type PracticeCheckRun = z.infer<typeof practiceCheckRunSchema>;

export const practiceViewSchema = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(false),
    /** Why: the assessment started already, or this server has no practice. */
    reason: z.string(),
  }),
  z.object({
    available: z.literal(true),
    title: z.string(),
    summary: z.string(),
    brief: z.string(),
    requirements: z.array(z.object({ id: z.string(), text: z.string() })),
    /** Files the page offers to open in the editor. */
    files: z.array(z.string()),
    /** The practice environment's own limits (it is untimed, not endless). */
    limits: z.object({ lifetimeMinutes: z.number().int(), idleMinutes: z.number().int() }),
    environment: z.enum(['none', 'ready']),
    lastCheck: practiceCheckRunSchema.nullable(),
  }),
]);
export type PracticeView = z.infer<typeof practiceViewSchema>;

/** What the system check's echo socket sends back: the text frame it got, unchanged. */
export const SYSTEM_CHECK_MAX_FRAME_BYTES = 256;
