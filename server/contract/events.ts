/**
 * The replay contract: the events a candidate's page sends in batches, the events the server
 * records itself, and what staff read back. Imports nothing but zod, the workspace path rule and the
 * grading states.
 */
import { z } from 'zod';
import { GRADING_KINDS, GRADING_STATUSES } from './grading-states.ts';
import { workspacePathSchema } from './paths.ts';
import { TIME_CREDIT_CAUSES } from './time-credits.ts';

export const EVENT_LIMITS = {
  maxEventsPerBatch: 500,
  /** UTF-16 code units of text one event may carry (a paste, a created file): a file's limit. */
  maxTextPerEvent: 256 * 1024,
  /** UTF-16 code units of text in a whole batch; the page splits larger bursts over batches. */
  maxTextPerBatch: 1024 * 1024,
  maxChangesPerEdit: 1000,
  /** A batch's events are spread back from its arrival by their offsets, at most this far. */
  maxBatchSpanMs: 10_000,
  maxTerminalChunk: 64 * 1024,
  /** A 45-minute attempt logs about 10 000 events; a page sending far more is refused. */
  maxEventsPerAttempt: 500_000,
} as const;

/** Client kinds, then the kinds only the server records (a page sending one is refused). */
export const CLIENT_EVENT_KINDS = [
  'edit',
  'file_create',
  'file_rename',
  'file_delete',
  'paste',
  'focus',
  'blur',
  'run',
  'submit',
] as const;
/**
 * Server kinds: terminal streams, keyboard hand-overs and complications of a live interview, and
 * time the platform credited back after its own fault.
 */
export const SERVER_EVENT_KINDS = ['terminal', 'keyboard', 'complication', 'time_credit'] as const;
export const EVENT_KINDS = [...CLIENT_EVENT_KINDS, ...SERVER_EVENT_KINDS] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

const pathSchema = workspacePathSchema;
/** PostgreSQL stores neither NUL nor half a surrogate pair; Monaco never produces either. */
const storable = (t: string) => t.isWellFormed() && !t.includes('\u0000');
const text = z
  .string()
  .max(EVENT_LIMITS.maxTextPerEvent, `must be at most ${EVENT_LIMITS.maxTextPerEvent} characters`)
  .refine(storable, 'must not contain NUL characters or unpaired surrogates');
const count = z.number().int().min(0).max(1_000_000_000);

/** One Monaco content change: offsets and lengths in UTF-16 code units of the model before the event. */
export const textChangeSchema = z.strictObject({ offset: count, length: count, text });
export type TextChange = z.infer<typeof textChangeSchema>;

/** Each kind's own fields, as stored in the log and replayed. */
export const payloadSchemas = {
  edit: z.strictObject({
    path: pathSchema,
    changes: z.array(textChangeSchema).min(1).max(EVENT_LIMITS.maxChangesPerEdit),
  }),
  file_create: z.strictObject({ path: pathSchema, content: text }),
  file_rename: z.strictObject({ from: pathSchema, to: pathSchema }),
  file_delete: z.strictObject({ path: pathSchema }),
  /** A paste's size in characters; its text is in the edit that follows. */
  paste: z.strictObject({ path: pathSchema, size: count }),
  focus: z.strictObject({}),
  blur: z.strictObject({}),
  /** A check run as the page saw it finish; the replay's markers use the server's own grading. */
  run: z.strictObject({ gradingId: z.uuid(), passed: count, total: count }),
  /** The candidate pressed Submit (sent before the submission, which closes the log). */
  submit: z.strictObject({}),
  terminal: z.strictObject({
    stream: z.enum(['input', 'output']),
    data: z
      .string()
      .max(EVENT_LIMITS.maxTerminalChunk)
      .refine(storable, 'must not contain NUL characters or unpaired surrogates'),
  }),
  /** Who holds a live interview's terminal keyboard now, and how it got there. */
  keyboard: z.strictObject({
    action: z.enum(['requested', 'given', 'taken_back']),
    holder: z.string().max(200),
  }),
  /** An interviewer made the incident worse on purpose; `ok` is false when the script failed. */
  complication: z.strictObject({ id: z.string().max(60), title: z.string().max(200), ok: z.boolean() }),
  /** The platform gave time back (accommodations.ts): why, how much, and how far the deadline moved. */
  time_credit: z.strictObject({
    cause: z.enum(TIME_CREDIT_CAUSES),
    minutes: count,
    appliedMinutes: count,
  }),
} as const;

type Payloads = { [K in EventKind]: z.infer<(typeof payloadSchemas)[K]> };
/** An event as the replay reducer and the staff page see it. */
export type ReplayEvent = { [K in EventKind]: { kind: K; payload: Payloads[K] } }[EventKind];

const common = {
  /** Milliseconds since the page's capture began: orders events within a batch, nothing more. */
  offsetMs: count,
  challengeSlug: z.string().min(1).max(100),
};

export const clientEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...common, kind: z.literal('edit'), payload: payloadSchemas.edit }),
  z.strictObject({ ...common, kind: z.literal('file_create'), payload: payloadSchemas.file_create }),
  z.strictObject({ ...common, kind: z.literal('file_rename'), payload: payloadSchemas.file_rename }),
  z.strictObject({ ...common, kind: z.literal('file_delete'), payload: payloadSchemas.file_delete }),
  z.strictObject({ ...common, kind: z.literal('paste'), payload: payloadSchemas.paste }),
  z.strictObject({ ...common, kind: z.literal('focus'), payload: payloadSchemas.focus }),
  z.strictObject({ ...common, kind: z.literal('blur'), payload: payloadSchemas.blur }),
  z.strictObject({ ...common, kind: z.literal('run'), payload: payloadSchemas.run }),
  z.strictObject({ ...common, kind: z.literal('submit'), payload: payloadSchemas.submit }),
]);
export type ClientEvent = z.infer<typeof clientEventSchema>;

/** The text an event carries, counted against the batch's budget. */
export function eventTextLength(event: ReplayEvent): number {
  switch (event.kind) {
    case 'edit':
      return event.payload.changes.reduce((n, c) => n + c.text.length, 0);
    case 'file_create':
      return event.payload.content.length;
    case 'terminal':
      return event.payload.data.length;
    default:
      return 0;
  }
}

export const eventBatchSchema = z.strictObject({
  /** Fresh per batch and kept on every retry of it: the server stores a batch once. */
  batchId: z.uuid(),
  /** Fresh per page load; its batches are numbered 0, 1, 2… and stored only in that order. */
  captureId: z.uuid(),
  batchNo: z.number().int().min(0).max(10_000_000),
  events: z
    .array(clientEventSchema)
    .min(1, 'a batch holds at least one event')
    .max(EVENT_LIMITS.maxEventsPerBatch, `a batch holds at most ${EVENT_LIMITS.maxEventsPerBatch} events`)
    .refine(
      (events) => events.reduce((n, e) => n + eventTextLength(e), 0) <= EVENT_LIMITS.maxTextPerBatch,
      `a batch carries at most ${EVENT_LIMITS.maxTextPerBatch} characters of text`,
    ),
});
export type EventBatch = z.infer<typeof eventBatchSchema>;

export const eventBatchResponseSchema = z.object({
  /** False when this batch id was already stored: the retry changed nothing. */
  stored: z.boolean(),
  firstSeq: z.number(),
  eventCount: z.number(),
});
export type EventBatchResponse = z.infer<typeof eventBatchResponseSchema>;

// ---------- staff: replay ----------

const storedEventSchema = z.object({
  seq: z.number(),
  at: z.string(),
  challengeSlug: z.string(),
  kind: z.enum(EVENT_KINDS),
  payload: z.unknown(),
  /** The staff member who made it, in an interview; null for the candidate and the server. */
  authorName: z.string().nullable().default(null),
});

/** A logged event as staff read it; the payload is the kind's own shape. */
export type StoredEvent = ReplayEvent & {
  seq: number;
  at: string;
  challengeSlug: string;
  authorName: string | null;
};

export const storedEventsSchema = z.array(storedEventSchema).transform((events, ctx) =>
  events.map((e) => {
    const payload = payloadSchemas[e.kind].safeParse(e.payload);
    if (!payload.success) ctx.addIssue({ code: 'custom', message: `event ${e.seq}: bad ${e.kind} payload` });
    return { ...e, payload: payload.data } as StoredEvent;
  }),
);

export const replayGradingSchema = z.object({
  id: z.string(),
  challengeSlug: z.string(),
  kind: z.enum(GRADING_KINDS),
  status: z.enum(GRADING_STATUSES),
  createdAt: z.string(),
  passed: z.number(),
  total: z.number(),
  /** The files that were graded, for the diff against the previous check run. */
  files: z.array(z.object({ path: z.string(), content: z.string() })),
});
export type ReplayGrading = z.infer<typeof replayGradingSchema>;

export const replayNoteSchema = z.object({
  id: z.string(),
  challengeSlug: z.string(),
  seq: z.number(),
  body: z.string(),
  authorName: z.string().nullable(),
  createdAt: z.string(),
});
export type ReplayNote = z.infer<typeof replayNoteSchema>;

export const replaySchema = z.object({
  attempt: z.object({
    id: z.string(),
    candidateName: z.string(),
    assessmentTitle: z.string(),
    startedAt: z.string().nullable(),
    submittedAt: z.string().nullable(),
  }),
  challenges: z.array(
    z.object({
      slug: z.string(),
      title: z.string(),
      /** The seeded variant the candidate had (#17), e.g. "variant 7 · service orders-api"; null: none declared. */
      variant: z.string().nullable().optional(),
      starter: z.array(z.object({ path: z.string(), content: z.string() })),
    }),
  ),
  /** How many events the log holds; read them in pages with `eventsPageSchema`. */
  eventCount: z.number(),
  lastSeq: z.number(),
  gradings: z.array(replayGradingSchema),
  notes: z.array(replayNoteSchema),
});
export type Replay = z.infer<typeof replaySchema>;

export const eventsPageSchema = z.object({
  events: storedEventsSchema,
  /** True when more events follow: ask again with `afterSeq` set to the last one's seq. */
  more: z.boolean(),
});
export type EventsPage = z.infer<typeof eventsPageSchema>;

export const replayFilesSchema = z.object({
  challengeSlug: z.string(),
  seq: z.number(),
  files: z.array(z.object({ path: z.string(), content: z.string() })),
});
export type ReplayFiles = z.infer<typeof replayFilesSchema>;

export const createNoteSchema = z.strictObject({
  challengeSlug: z.string().min(1).max(100),
  seq: z.number().int().min(0),
  body: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(4000, 'must be at most 4000 characters')
    .refine(storable, 'must not contain NUL characters or unpaired surrogates'),
});
export type CreateNote = z.infer<typeof createNoteSchema>;
