/**
 * The public REST API under /api/v1, called with an organisation's API token: what a hiring team's
 * scripts and an ATS need. Each schema carries the name it has in the OpenAPI document
 * (server/api/openapi.ts builds the document from these). Imports nothing but zod and the contract.
 */
import { z } from 'zod';
import { assessmentAttemptsSchema, assessmentListSchema, DIMENSION_IDS, errorBodySchema } from './api.ts';
import {
  attemptHeaderSchema,
  autoScoreSchema,
  createdInvitationsSchema,
  inviteRequestSchema,
  levelEstimateSchema,
  manualScoreSchema,
  RECOMMENDATIONS,
} from './staff.ts';

export const v1ErrorSchema = errorBodySchema.meta({
  id: 'Error',
  description:
    'Every refusal: a stable id (unauthenticated, token_revoked, forbidden, not_found…) and a message.',
});

export const v1AssessmentListSchema = assessmentListSchema.meta({
  id: 'AssessmentList',
  description: "The organisation's assessments, newest first.",
});

export const v1InvitationRequestSchema = inviteRequestSchema.meta({
  id: 'InvitationRequest',
  description: 'One candidate to invite; the invitation email goes out as when a manager invites.',
});

export const v1CreatedInvitationsSchema = createdInvitationsSchema.meta({
  id: 'CreatedInvitations',
  description: "The invitation with the candidate's link (shown only here: only its hash is stored).",
});

export const v1AssessmentAttemptsSchema = assessmentAttemptsSchema.meta({
  id: 'AssessmentAttempts',
  description:
    "An assessment's candidates: each attempt's status and auto score per rubric dimension (0-100).",
});

/** A visible check's result; hidden checks are only counted, never named or explained. */
export const v1CheckResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  dimension: z.enum(DIMENSION_IDS),
  weight: z.number(),
  passed: z.boolean(),
  score: z.number(),
  message: z.string(),
});

export const v1AttemptResultSchema = z
  .object({
    attempt: attemptHeaderSchema,
    /** The rubric's dimensions, and whether a challenge of the assessment scores each. */
    dimensions: z.array(z.object({ id: z.enum(DIMENSION_IDS), title: z.string(), assessed: z.boolean() })),
    auto: z.partialRecord(z.enum(DIMENSION_IDS), autoScoreSchema),
    /** The interviewers' ratings 1-4 per dimension, from the reviews submitted so far. */
    manual: z.partialRecord(z.enum(DIMENSION_IDS), manualScoreSchema),
    reviewCount: z.number(),
    recommendations: z.object(
      Object.fromEntries(RECOMMENDATIONS.map((r) => [r, z.number()])) as Record<
        (typeof RECOMMENDATIONS)[number],
        z.ZodNumber
      >,
    ),
    level: levelEstimateSchema,
    challenges: z.array(
      z.object({
        slug: z.string(),
        title: z.string(),
        submission: z
          .object({
            status: z.enum(['queued', 'running', 'done', 'error']),
            /** 0-100: the weighted share of every check passed, hidden ones included; null until graded. */
            score: z.number().nullable(),
            /** Grading failed on our side (never the candidate's fault); the staff page says why. */
            graderError: z.boolean(),
            tampering: z.boolean(),
            checks: z.array(v1CheckResultSchema),
            hiddenCheckCount: z.number(),
          })
          .nullable(),
      }),
    ),
  })
  .meta({
    id: 'AttemptResult',
    description: "One attempt's result: auto scores, interviewers' ratings, level estimate, visible checks.",
  });
export type V1AttemptResult = z.infer<typeof v1AttemptResultSchema>;
