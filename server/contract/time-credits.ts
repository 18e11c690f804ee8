/**
 * Time the platform credits back after its own faults, as both candidates and staff read it.
 * Imports nothing but zod, so the candidate contract (api.ts) and accommodations.ts share it.
 */
import { z } from 'zod';

/**
 * Why the platform gave time back: an environment that did not start, a queue that stalled, an
 * environment lost with the engine it ran on.
 */
export const TIME_CREDIT_CAUSES = ['live_start_failed', 'grading_stalled', 'live_engine_lost'] as const;
export type TimeCreditCause = (typeof TIME_CREDIT_CAUSES)[number];

/** What a candidate reads about a credit: short and polite, never the internals. */
export const TIME_CREDIT_REASONS: Record<TimeCreditCause, string> = {
  live_start_failed: 'the environment did not start',
  grading_stalled: 'the checks waited too long in the queue',
  live_engine_lost: 'the server running the environment stopped answering',
};

export const timeCreditSchema = z.object({
  cause: z.enum(TIME_CREDIT_CAUSES),
  /** The time given back; the deadline moved by `appliedMinutes` (less at an interview's slot end). */
  minutes: z.number(),
  appliedMinutes: z.number(),
  at: z.string(),
});
export type TimeCredit = z.infer<typeof timeCreditSchema>;
