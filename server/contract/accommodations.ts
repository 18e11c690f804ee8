/**
 * Accommodations (extra time and a note for reviewers, set before an attempt starts) and the time
 * the platform credits back after its own faults. Imports nothing but zod and api.ts, so the client
 * can share it.
 */
import { z } from 'zod';
import { STORABLE_TEXT, storableText } from './api.ts';
import { timeCreditSchema } from './time-credits.ts';

export {
  TIME_CREDIT_CAUSES,
  TIME_CREDIT_REASONS,
  type TimeCredit,
  type TimeCreditCause,
} from './time-credits.ts';

export const EXTRA_TIME_PERCENTS = [25, 50, 100] as const;
export const ACCOMMODATION_LIMITS = { minMinutes: 1, maxMinutes: 600, maxNote: 1000 } as const;

/** Extra time: none, a share of the limit, or a number of minutes. */
export const extraTimeSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('none') }),
    z.strictObject({
      kind: z.literal('percent'),
      percent: z.literal(EXTRA_TIME_PERCENTS, 'must be 25, 50 or 100'),
    }),
    z.strictObject({
      kind: z.literal('minutes'),
      minutes: z
        .number()
        .int('must be a whole number')
        .min(ACCOMMODATION_LIMITS.minMinutes, 'must be at least 1')
        .max(ACCOMMODATION_LIMITS.maxMinutes, 'must be at most 600'),
    }),
  ],
  'must be {kind: none}, {kind: percent, percent} or {kind: minutes, minutes}',
);
export type ExtraTimeRequest = z.infer<typeof extraTimeSchema>;

/**
 * A manager's accommodation for one invitation: its extra time and a note for reviewers (may be
 * empty). Saving no extra time and an empty note removes it.
 */
export const accommodationRequestSchema = z.strictObject({
  extraTime: extraTimeSchema,
  note: z
    .string()
    .trim()
    .max(ACCOMMODATION_LIMITS.maxNote, 'must be at most 1000 characters')
    .refine(storableText, STORABLE_TEXT),
});
export type AccommodationRequest = z.infer<typeof accommodationRequestSchema>;

/** An invitation's accommodation and credits as staff read them; null fields: none set. */
export const accommodationSchema = z.object({
  extraPercent: z.number().nullable(),
  extraMinutes: z.number().nullable(),
  note: z.string(),
  setAt: z.string().nullable(),
  /** The attempt's time limit with the extra time (an interview's slot end still bounds it). */
  timeLimitMinutes: z.number(),
  credits: z.array(timeCreditSchema),
});
export type AccommodationView = z.infer<typeof accommodationSchema>;
export const accommodationAnswerSchema = z.object({ accommodation: accommodationSchema });
