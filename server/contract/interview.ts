/**
 * Live interviews: scheduling, joining, the interviewer's own panel (notes, quick ratings, the guide,
 * complications) and the shared sockets. Imports nothing but zod and the other contracts, so the
 * client shares it.
 */
import { z } from 'zod';
import { ATTEMPT_STATUSES, DIMENSION_IDS, STORABLE_TEXT, storableText, timeZoneSchema } from './api.ts';

export const PARTICIPANT_ROLES = ['interviewer', 'shadow'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const INTERVIEW_LIMITS = {
  minMinutes: 15,
  maxMinutes: 600,
  /** How early before the slot the candidate may start (they wait in the call otherwise). */
  earlyStartMinutes: 15,
  /** A slot may be booked this far ahead at most. */
  maxDaysAhead: 180,
  maxNote: 4000,
} as const;

const slugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be a challenge slug');
const textSchema = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(storableText, STORABLE_TEXT);

/** Only a web address a browser opens as a link: never `javascript:` or `data:`. */
const meetingUrlSchema = z
  .string()
  .trim()
  .max(500, 'must be at most 500 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http(s) address, like https://meet.example.com/abc');

export const scheduleInterviewRequestSchema = z.strictObject({
  title: textSchema(200),
  challengeSlugs: z
    .array(slugSchema)
    .min(1, 'pick at least one challenge')
    .max(10, 'at most 10 challenges')
    .refine((s) => new Set(s).size === s.length, 'must not repeat a challenge'),
  /** The slot's start, an ISO 8601 time with its offset. */
  startsAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time like 2026-12-03T14:00:00Z' }),
  durationMinutes: z
    .number()
    .int()
    .min(INTERVIEW_LIMITS.minMinutes, `must be at least ${INTERVIEW_LIMITS.minMinutes}`)
    .max(INTERVIEW_LIMITS.maxMinutes, `must be at most ${INTERVIEW_LIMITS.maxMinutes}`),
  meetingUrl: meetingUrlSchema.nullable().default(null),
  candidateName: textSchema(200),
  candidateEmail: z.string().trim().toLowerCase().max(200).pipe(z.email('must be an email address')),
  /** The candidate's time zone for the times in their invitation; UTC when absent. */
  timeZone: timeZoneSchema.optional(),
});
export type ScheduleInterviewRequest = z.input<typeof scheduleInterviewRequestSchema>;

export const joinInterviewRequestSchema = z.strictObject({ role: z.enum(PARTICIPANT_ROLES) });

export const interviewNoteRequestSchema = z.strictObject({
  challengeSlug: slugSchema,
  body: textSchema(INTERVIEW_LIMITS.maxNote),
});

export const interviewRatingsRequestSchema = z.strictObject({
  ratings: z.partialRecord(z.enum(DIMENSION_IDS), z.number().int().min(1).max(4).nullable()),
});

export const complicationRequestSchema = z.strictObject({
  challengeSlug: slugSchema,
  complicationId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'must be a complication id'),
});

// ---------- responses ----------

export const interviewSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  candidateName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  meetingUrl: z.string().nullable(),
  attemptId: z.string(),
  status: z.enum(ATTEMPT_STATUSES),
  challengeSlugs: z.array(z.string()),
  participants: z.array(z.object({ name: z.string(), role: z.enum(PARTICIPANT_ROLES) })),
});
export type InterviewSummary = z.infer<typeof interviewSummarySchema>;

export const scheduledInterviewSchema = z.object({
  interview: interviewSummarySchema,
  /** The candidate's invitation link: shown once, like every invitation's. */
  link: z.string(),
});
export type ScheduledInterview = z.infer<typeof scheduledInterviewSchema>;

export const interviewNoteSchema = z.object({
  id: z.string(),
  challengeSlug: z.string(),
  seq: z.number(),
  body: z.string(),
  createdAt: z.string(),
});
export type InterviewNote = z.infer<typeof interviewNoteSchema>;

/** What a joined participant sees: never shown to the candidate. */
export const interviewRoomSchema = z.object({
  interview: interviewSummarySchema,
  me: z.object({ id: z.string(), name: z.string(), role: z.enum(PARTICIPANT_ROLES).nullable() }),
  deadlineAt: z.string().nullable(),
  challenges: z.array(
    z.object({
      slug: z.string(),
      title: z.string(),
      mode: z.enum(['files', 'live', 'design']),
      brief: z.string(),
      /** Which seeded variant the candidate has (#17), e.g. `variant 7 · fault upstream-tls`; null without parameters. */
      variant: z.string().nullable(),
      dimensions: z.array(z.enum(DIMENSION_IDS)),
      submitted: z.boolean(),
      guide: z.string().nullable(),
      complications: z.array(z.object({ id: z.string(), title: z.string(), description: z.string() })),
    }),
  ),
  notes: z.array(interviewNoteSchema),
  ratings: z.partialRecord(z.enum(DIMENSION_IDS), z.number()),
});
export type InterviewRoom = z.infer<typeof interviewRoomSchema>;

export const complicationResultSchema = z.object({ ok: z.boolean(), output: z.string() });

/** The candidate's view of their interview: the slot and the call, nothing of the panel. */
export const candidateInterviewSchema = z.object({
  startsAt: z.string(),
  endsAt: z.string(),
  meetingUrl: z.string().nullable(),
});
export type CandidateInterview = z.infer<typeof candidateInterviewSchema>;

// ---------- the shared terminal's control messages (text frames) ----------

/** From a participant: ask for the keyboard, hand it over (the holder), take it back (the candidate). */
export const keyboardRequestSchema = z.strictObject({
  type: z.literal('keyboard'),
  action: z.enum(['request', 'give', 'take_back']),
});

/** To every viewer: who types now, and who asked for it. */
export const keyboardStateSchema = z.object({
  type: z.literal('keyboard'),
  holder: z.object({ kind: z.enum(['candidate', 'staff']), name: z.string() }),
  requestedBy: z.string().nullable(),
  /** Whether this viewer holds it (their keystrokes reach the shell). */
  mine: z.boolean(),
});
export type KeyboardState = z.infer<typeof keyboardStateSchema>;

/** The shared document's name for one challenge of an attempt. */
export const documentName = (attemptId: string, slug: string) => `attempt/${attemptId}/${slug}`;
export const DOCUMENT_NAME = /^attempt\/([0-9a-f-]{36})\/([a-z0-9][a-z0-9-]{0,62})$/;
/** The Yjs map that holds each file's text by its path. */
export const FILES_MAP = 'files';
