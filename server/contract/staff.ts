/**
 * The staff side of the contract for assessments, invitations, reviews and the comparison. Like
 * api.ts it imports nothing but zod (and api.ts), so the client can share it.
 */
import { z } from 'zod';
import {
  assessmentSummarySchema,
  DIMENSION_IDS,
  STORABLE_TEXT,
  storableText,
  timeZoneSchema,
} from './api.ts';

export const RECOMMENDATIONS = ['strong_no', 'no', 'yes', 'strong_yes'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];
export const LEVEL_IDS = ['junior', 'mid', 'senior', 'staff'] as const;
export const INVITATION_STATUSES = [
  'invited',
  'started',
  'submitted',
  'expired',
  'graded',
  'revoked',
] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

const slugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be a challenge slug');
const emailSchema = z.string().trim().toLowerCase().max(200).pipe(z.email('must be an email address'));
const nameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .refine(storableText, STORABLE_TEXT);
const expiresInDaysSchema = z.number().int().min(1, 'must be at least 1').max(60, 'must be at most 60');

// ---------- requests ----------

export const createAssessmentRequestSchema = z.strictObject({
  title: nameSchema,
  /** In the order the candidate meets them. */
  challengeSlugs: z
    .array(slugSchema)
    .min(1, 'pick at least one challenge')
    .max(10, 'at most 10 challenges')
    .refine((s) => new Set(s).size === s.length, 'must not repeat a challenge'),
  /** For the whole assessment. */
  timeLimitMinutes: z.number().int().min(5, 'must be at least 5').max(600, 'must be at most 600'),
});
export type CreateAssessmentRequest = z.infer<typeof createAssessmentRequestSchema>;

export const inviteRequestSchema = z.strictObject({
  candidateName: nameSchema,
  candidateEmail: emailSchema,
  expiresInDays: expiresInDaysSchema.default(14),
  /** The candidate's time zone for the times in their emails; UTC when absent. */
  timeZone: timeZoneSchema.optional(),
});
export type InviteRequest = z.input<typeof inviteRequestSchema>;

/** A CSV with the columns name and email (a header line is optional). */
export const csvInviteRequestSchema = z.strictObject({
  csv: z
    .string()
    .min(1, 'must not be empty')
    .max(200_000, 'must be at most 200 kB')
    .refine(storableText, STORABLE_TEXT),
  expiresInDays: expiresInDaysSchema.default(14),
  /** The candidates' time zone for the times in their emails; UTC when absent. */
  timeZone: timeZoneSchema.optional(),
});
/** One candidate per CSV line, checked the same way as a single invitation. */
export const csvCandidateSchema = z.strictObject({ candidateName: nameSchema, candidateEmail: emailSchema });

export const extendRequestSchema = z.strictObject({
  /** Added to the invitation's expiry (not started) or to the attempt's deadline (started). */
  minutes: z
    .number()
    .int()
    .min(5, 'must be at least 5')
    .max(60 * 24 * 30, 'must be at most 30 days'),
});

export const ratingSchema = z.strictObject({
  rating: z.number().int().min(1, 'must be 1-4').max(4, 'must be 1-4'),
  notes: z
    .string()
    .trim()
    .max(4000, 'must be at most 4000 characters')
    .refine(storableText, STORABLE_TEXT)
    .default(''),
});

export const reviewRequestSchema = z.strictObject({
  ratings: z.partialRecord(z.enum(DIMENSION_IDS), ratingSchema),
  recommendation: z.enum(RECOMMENDATIONS, 'must be one of strong_no, no, yes, strong_yes'),
  summary: z
    .string()
    .trim()
    .max(4000, 'must be at most 4000 characters')
    .refine(storableText, STORABLE_TEXT)
    .default(''),
});
export type ReviewRequest = z.input<typeof reviewRequestSchema>;

// ---------- answers ----------

export const invitationRowSchema = z.object({
  attemptId: z.string(),
  invitationId: z.string(),
  candidateName: z.string(),
  candidateEmail: z.string(),
  status: z.enum(INVITATION_STATUSES),
  expiresAt: z.string(),
  startedAt: z.string().nullable(),
  deadlineAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type InvitationRow = z.infer<typeof invitationRowSchema>;

export const assessmentDetailSchema = z.object({
  assessment: assessmentSummarySchema,
  challenges: z.array(
    z.object({ slug: z.string(), title: z.string(), level: z.string(), timeLimitMinutes: z.number() }),
  ),
  invitations: z.array(invitationRowSchema),
});
export type AssessmentDetail = z.infer<typeof assessmentDetailSchema>;

/** The link is shown once, to the manager who invited: only its hash is stored. */
export const createdInvitationSchema = invitationRowSchema.extend({ link: z.string() });
export const createdInvitationsSchema = z.object({ invitations: z.array(createdInvitationSchema) });
export type CreatedInvitation = z.infer<typeof createdInvitationSchema>;

export const autoScoreSchema = z.object({
  /** 0-100: the weighted share of the dimension's checks passed; null when no check informed it. */
  score: z.number().nullable(),
  checkCount: z.number(),
  /** Checks whose grading ended in a grader error: left out of the score, never a fail. */
  graderErrorChecks: z.number(),
});
export type AutoScore = z.infer<typeof autoScoreSchema>;

export const manualScoreSchema = z.object({
  /** Mean interviewer rating 1-4; null when nobody rated the dimension. */
  mean: z.number().nullable(),
  count: z.number(),
  /** Highest minus lowest rating; null with fewer than two ratings. */
  spread: z.number().nullable(),
});
export type ManualScore = z.infer<typeof manualScoreSchema>;

export const levelEstimateSchema = z.object({
  level: z.enum(LEVEL_IDS).nullable(),
  points: z.number().nullable(),
  provisional: z.boolean(),
  reasons: z.array(z.string()),
});
export type LevelEstimate = z.infer<typeof levelEstimateSchema>;

/** A score's place among the organisation's graded candidates (mid-rank; see server/scoring/percentiles.ts). */
export const percentileSchema = z.object({
  /** 0-100: the share of the cohort below plus half the share tied. */
  percentile: z.number(),
  /** How many candidates it is computed over, this one included. */
  cohort: z.number(),
  /** Fewer than 30 candidates in the cohort. */
  provisional: z.boolean(),
});
export type PercentileFigure = z.infer<typeof percentileSchema>;

export const percentilesSchema = z.object({
  /** Per dimension, among graded attempts whose score came from the same challenges. */
  dimensions: z.partialRecord(z.enum(DIMENSION_IDS), percentileSchema),
  /** Per challenge slug: the submission's score 0-100 and its place among that challenge's submissions. */
  challenges: z.record(z.string(), percentileSchema.extend({ score: z.number() })),
});
export type Percentiles = z.infer<typeof percentilesSchema>;

/** An interviewer against the rest of the panel (managers only; see server/scoring/calibration.ts). */
export const reviewerCalibrationSchema = z.object({
  reviewerId: z.string(),
  reviewerName: z.string(),
  /** Mean of their rating minus the others' mean rating of the same attempt and dimension. */
  offset: z.number().nullable(),
  /** Standard deviation of those differences. */
  spread: z.number().nullable(),
  sharedRatings: z.number(),
  sharedAttempts: z.number(),
  /** Taken off each of their ratings in the calibrated mean (shrunk when they shared few). */
  correction: z.number(),
});
export type ReviewerCalibrationFigure = z.infer<typeof reviewerCalibrationSchema>;

/** Per dimension: the mean of the ratings, each less its interviewer's correction, on 1-4. */
export const calibratedMeansSchema = z.partialRecord(z.enum(DIMENSION_IDS), z.number().nullable());

export const reviewSchema = z.object({
  id: z.string(),
  reviewerName: z.string(),
  mine: z.boolean(),
  recommendation: z.enum(RECOMMENDATIONS),
  summary: z.string(),
  submittedAt: z.string(),
  ratings: z.partialRecord(z.enum(DIMENSION_IDS), z.object({ rating: z.number(), notes: z.string() })),
});
export type Review = z.infer<typeof reviewSchema>;

const recommendationCountsSchema = z.object({
  strong_no: z.number(),
  no: z.number(),
  yes: z.number(),
  strong_yes: z.number(),
});

export const rubricDimensionSchema = z.object({
  id: z.enum(DIMENSION_IDS),
  title: z.string(),
  description: z.string(),
  levels: z.object({ 1: z.string(), 2: z.string(), 3: z.string(), 4: z.string() }),
  /** Whether a challenge of the assessment scores it (only those are rated). */
  assessed: z.boolean(),
});

export const stagedCheckSchema = z.object({
  id: z.string(),
  title: z.string(),
  dimension: z.enum(DIMENSION_IDS),
  weight: z.number(),
  visible: z.boolean(),
  passed: z.boolean(),
  score: z.number(),
  message: z.string(),
  evidence: z.array(z.string()),
});

/** Whose attempt, at what, and where it stands: the head of the review and of the REST API's result. */
export const attemptHeaderSchema = z.object({
  id: z.string(),
  assessmentId: z.string(),
  assessmentTitle: z.string(),
  candidateName: z.string(),
  candidateEmail: z.string(),
  status: z.enum(INVITATION_STATUSES),
  startedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
});
export type AttemptHeader = z.infer<typeof attemptHeaderSchema>;

export const attemptReviewSchema = z.object({
  attempt: attemptHeaderSchema,
  dimensions: z.array(rubricDimensionSchema),
  auto: z.partialRecord(z.enum(DIMENSION_IDS), autoScoreSchema),
  challenges: z.array(
    z.object({
      slug: z.string(),
      title: z.string(),
      /** The seeded variant the candidate had (#17); null when the challenge declares no parameters. */
      variant: z.string().nullable().optional(),
      submission: z
        .object({
          status: z.enum(['queued', 'running', 'done', 'error']),
          score: z.number().nullable(),
          error: z.string().nullable(),
          /** The grader's output showed signs of tampering (a grader error, never a score). */
          tampering: z.boolean(),
          checks: z.array(stagedCheckSchema),
        })
        .nullable(),
    }),
  ),
  /** Whether this staff member may review now (the attempt is submitted and they have not yet). */
  canReview: z.boolean(),
  myReview: reviewSchema.nullable(),
  /** Others' ratings are shown only once the viewer's own review is in (or to a manager who does not review). */
  othersVisible: z.boolean(),
  otherReviewCount: z.number(),
  reviews: z.array(reviewSchema),
  manual: z.partialRecord(z.enum(DIMENSION_IDS), manualScoreSchema),
  recommendations: recommendationCountsSchema.nullable(),
  level: levelEstimateSchema.nullable(),
  /** The auto scores' places among the organisation's graded candidates (empty until graded). */
  percentiles: percentilesSchema,
  /** Managers only (null for interviewers): each review's interviewer against the panel, and the calibrated means. */
  calibration: z
    .object({
      reviewers: z.array(reviewerCalibrationSchema.extend({ reviewId: z.string() })),
      calibrated: calibratedMeansSchema,
    })
    .nullable(),
  /**
   * Where the viewer's review form starts: their own quick ratings from the live interview this
   * attempt was (of the assessed dimensions), never another interviewer's. Empty otherwise.
   */
  prefill: z.object({
    ratings: z.partialRecord(z.enum(DIMENSION_IDS), z.number().int().min(1).max(4)),
  }),
});
export type AttemptReview = z.infer<typeof attemptReviewSchema>;

export const comparisonCandidateSchema = z.object({
  attemptId: z.string(),
  candidateName: z.string(),
  candidateEmail: z.string(),
  status: z.enum(INVITATION_STATUSES),
  auto: z.partialRecord(z.enum(DIMENSION_IDS), autoScoreSchema),
  manual: z.partialRecord(z.enum(DIMENSION_IDS), manualScoreSchema),
  reviewCount: z.number(),
  recommendations: recommendationCountsSchema,
  level: levelEstimateSchema,
  percentiles: percentilesSchema,
  calibrated: calibratedMeansSchema,
  /** The seeded variants the candidate had (#17), one label per challenge that declares parameters. */
  variants: z.array(z.string()).optional(),
});
export type ComparisonCandidate = z.infer<typeof comparisonCandidateSchema>;

export const comparisonSchema = z.object({
  assessment: assessmentSummarySchema,
  dimensions: z.array(z.object({ id: z.enum(DIMENSION_IDS), title: z.string() })),
  candidates: z.array(comparisonCandidateSchema),
  /** The assessment's challenges, in order, for the per-challenge percentiles. */
  challenges: z.array(z.object({ slug: z.string(), title: z.string() })),
  /** The interviewers who reviewed any of these candidates, against the organisation's panel. */
  reviewers: z.array(reviewerCalibrationSchema),
});
export type Comparison = z.infer<typeof comparisonSchema>;

export const CHECK_FLAGS = ['nearly_everyone', 'nearly_nobody'] as const;

/**
 * How each check behaves across the organisation's graded submissions (managers only): counts and
 * rates keyed by check id, never a title or a grader's message.
 */
export const checkStatisticsSchema = z.object({
  challenges: z.array(
    z.object({
      slug: z.string(),
      /** Graded submissions of the challenge in the organisation. */
      submissions: z.number(),
      /** Fewer than 30 submissions. */
      provisional: z.boolean(),
      checks: z.array(
        z.object({
          checkId: z.string(),
          judged: z.number(),
          passed: z.number(),
          passRate: z.number().nullable(),
          /** Item-rest point-biserial correlation, -1..1. */
          discrimination: z.number().nullable(),
          flag: z.enum(CHECK_FLAGS).nullable(),
        }),
      ),
    }),
  ),
});
export type CheckStatisticsAnswer = z.infer<typeof checkStatisticsSchema>;
