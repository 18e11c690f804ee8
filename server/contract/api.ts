/**
 * The typed HTTP contract between client and server. Both sides import these schemas; this module
 * imports nothing but zod so the client bundle stays small.
 */
import { z } from 'zod';
import { MODES } from '../challenges/schema.ts';
import { GRADING_KINDS, GRADING_STATUSES } from './grading-states.ts';
import { MAX_PATH_LENGTH, workspacePathSchema } from './paths.ts';
import { timeCreditSchema } from './time-credits.ts';

export { workspacePathSchema };

export const LIMITS = {
  maxFileBytes: 256 * 1024,
  maxSubmissionBytes: 2 * 1024 * 1024,
  maxFiles: 50,
  maxPathLength: MAX_PATH_LENGTH,
} as const;

export const DIMENSION_IDS = ['architecture', 'iac', 'cicd', 'security', 'operations'] as const;
export type DimensionId = (typeof DIMENSION_IDS)[number];

export const errorBodySchema = z.object({ error: z.object({ id: z.string(), message: z.string() }) });
export type ErrorBody = z.infer<typeof errorBodySchema>;

// ---------- files ----------

const encoder = new TextEncoder();
const utf8Bytes = (text: string): number => encoder.encode(text).length;

/** PostgreSQL stores neither NUL nor half a surrogate pair, and JSON can carry both: refused at the edge. */
export const storableText = (text: string): boolean => text.isWellFormed() && !text.includes('\u0000');
export const STORABLE_TEXT = 'must not contain NUL characters or unpaired surrogates';

/** An IANA time zone name this runtime knows (Europe/Berlin), for the times written to a candidate. */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone like Europe/Berlin');

export const workspaceFileSchema = z.strictObject({
  path: workspacePathSchema,
  content: z
    .string()
    .refine((c) => utf8Bytes(c) <= LIMITS.maxFileBytes, `must be at most ${LIMITS.maxFileBytes / 1024} KiB`)
    .refine(storableText, STORABLE_TEXT),
});
export type WorkspaceFile = z.infer<typeof workspaceFileSchema>;

export const saveFilesRequestSchema = z.strictObject({
  files: z
    .array(workspaceFileSchema)
    .max(LIMITS.maxFiles, `a submission holds at most ${LIMITS.maxFiles} files`)
    .refine((files) => new Set(files.map((f) => f.path)).size === files.length, 'must not repeat a path')
    .refine(
      (files) => files.reduce((n, f) => n + utf8Bytes(f.content), 0) <= LIMITS.maxSubmissionBytes,
      `a submission is at most ${LIMITS.maxSubmissionBytes / 1024 / 1024} MiB in all`,
    ),
});
export type SaveFilesRequest = z.infer<typeof saveFilesRequestSchema>;
export const saveFilesResponseSchema = z.object({ savedAt: z.string() });

// ---------- gradings ----------

export { GRADING_KINDS, GRADING_STATUSES };

export const requestGradingSchema = z.strictObject({ kind: z.enum(GRADING_KINDS) });

/** A check result as the candidate may see it: hidden checks carry only pass/fail. */
export const candidateCheckResultSchema = z.discriminatedUnion('visible', [
  z.object({
    visible: z.literal(true),
    id: z.string(),
    title: z.string(),
    dimension: z.enum(DIMENSION_IDS),
    covers: z.array(z.string()),
    passed: z.boolean(),
    score: z.number(),
    message: z.string(),
  }),
  z.object({ visible: z.literal(false), passed: z.boolean() }),
]);
export type CandidateCheckResult = z.infer<typeof candidateCheckResultSchema>;

export const diagnosticSchema = z.object({
  file: z.string(),
  line: z.number(),
  column: z.number().optional(),
  message: z.string(),
});

export const candidateGradingSchema = z.object({
  id: z.string(),
  challengeSlug: z.string(),
  kind: z.enum(GRADING_KINDS),
  status: z.enum(GRADING_STATUSES),
  createdAt: z.string(),
  /** 0-100 over the checks shown; null until done. */
  score: z.number().nullable(),
  checks: z.array(candidateCheckResultSchema),
  diagnostics: z.array(diagnosticSchema),
  /** Set when the grading could not judge the files (a grader or sandbox fault), not a fail. */
  error: z.string().nullable(),
  /** The run's output was written to by something other than the checks: no score, staff are told. */
  tampering: z.boolean(),
  /** Status superseded: the candidate's newer grading of this challenge that replaced this run. */
  replacedBy: z.string().nullable(),
});
export type CandidateGrading = z.infer<typeof candidateGradingSchema>;

/** The answer to Run checks or Submit: the new grading, and how many older runs it replaced. */
export const requestedGradingSchema = candidateGradingSchema.extend({
  /** Check runs of this challenge no worker had started yet: they will not be graded (only the newest counts). */
  replacedRuns: z.number().int().min(0),
});
export type RequestedGrading = z.infer<typeof requestedGradingSchema>;

// ---------- candidate attempt ----------

export const enterRequestSchema = z.strictObject({ token: z.string().min(10).max(200) });

export const ATTEMPT_STATUSES = ['not_started', 'in_progress', 'submitted', 'expired'] as const;

export const candidateChallengeSchema = z.object({
  slug: z.string(),
  /**
   * `live`: the candidate works in a running environment through a terminal, beside the files;
   * `design`: architecture.json opens on a diagram canvas (and as text).
   */
  mode: z.enum(MODES),
  /** For a live challenge: files of the environment worth opening in the editor. */
  environmentFiles: z.array(z.string()),
  title: z.string(),
  summary: z.string(),
  brief: z.string(),
  requirements: z.array(z.object({ id: z.string(), text: z.string() })),
  visibleChecks: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      dimension: z.enum(DIMENSION_IDS),
      covers: z.array(z.string()),
    }),
  ),
  hiddenCheckCount: z.number(),
  /** Empty until the attempt has started. */
  files: z.array(z.object({ path: z.string(), content: z.string() })),
  submitted: z.boolean(),
  latestGrading: candidateGradingSchema.nullable(),
});
export type CandidateChallenge = z.infer<typeof candidateChallengeSchema>;

export const candidateAttemptSchema = z.object({
  candidateName: z.string(),
  assessmentTitle: z.string(),
  timeLimitMinutes: z.number(),
  status: z.enum(ATTEMPT_STATUSES),
  startedAt: z.string().nullable(),
  deadlineAt: z.string().nullable(),
  /** The server's clock, so the countdown does not trust the candidate's. */
  serverNow: z.string(),
  challenges: z.array(candidateChallengeSchema),
  /**
   * A live interview: the slot, the team's call and the shared documents' attempt id (files are
   * edited together with the interviewers). Null for a take-home assessment.
   */
  interview: z
    .object({
      attemptId: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      meetingUrl: z.string().nullable(),
    })
    .nullable(),
  /** Time the platform gave back after its own faults, oldest first (the countdown already counts it). */
  timeCredits: z.array(timeCreditSchema).default([]),
});
export type CandidateAttempt = z.infer<typeof candidateAttemptSchema>;

// ---------- staff ----------

export const signInRequestSchema = z.strictObject({
  email: z.string().trim().toLowerCase().max(200).pipe(z.email('must be an email address')),
  password: z.string().min(1, 'must not be empty').max(200),
});

export const staffUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['manager', 'interviewer']),
  organisationName: z.string(),
});
export type StaffUser = z.infer<typeof staffUserSchema>;
export const meResponseSchema = z.object({ user: staffUserSchema });

export const assessmentSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  challengeSlugs: z.array(z.string()),
  timeLimitMinutes: z.number(),
  attemptCount: z.number(),
});
export const assessmentListSchema = z.object({ assessments: z.array(assessmentSummarySchema) });

export const dimensionScoreSchema = z.object({
  /** 0-100: the weighted share of this dimension's checks passed; null when no check informed it. */
  score: z.number().nullable(),
  checkCount: z.number(),
});

export const staffAttemptRowSchema = z.object({
  id: z.string(),
  candidateName: z.string(),
  candidateEmail: z.string(),
  status: z.enum(['invited', 'started', 'submitted', 'expired', 'graded']),
  startedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  scores: z.record(z.string(), dimensionScoreSchema),
  gradingErrors: z.number(),
});
export type StaffAttemptRow = z.infer<typeof staffAttemptRowSchema>;

export const assessmentAttemptsSchema = z.object({
  assessment: assessmentSummarySchema,
  dimensions: z.array(z.object({ id: z.enum(DIMENSION_IDS), title: z.string() })),
  attempts: z.array(staffAttemptRowSchema),
});
export type AssessmentAttempts = z.infer<typeof assessmentAttemptsSchema>;

// ---------- catalogue (staff) ----------

export const catalogueChallengeSchema = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  level: z.enum(['junior', 'mid', 'senior', 'staff']),
  timeLimitMinutes: z.number(),
  dimensions: z.array(z.enum(DIMENSION_IDS)),
  brief: z.string(),
  requirements: z.array(z.object({ id: z.string(), text: z.string() })),
  /** Staff see every check, hidden ones included, to judge what the challenge measures. */
  checks: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      dimension: z.enum(DIMENSION_IDS),
      weight: z.number(),
      visible: z.boolean(),
      covers: z.array(z.string()),
    }),
  ),
});
export type CatalogueChallenge = z.infer<typeof catalogueChallengeSchema>;
export const catalogueSchema = z.object({
  dimensions: z.array(z.object({ id: z.enum(DIMENSION_IDS), title: z.string() })),
  challenges: z.array(catalogueChallengeSchema),
});
export type Catalogue = z.infer<typeof catalogueSchema>;
