/**
 * Feedback to the candidate (#16 point 4): a manager turns it on per assessment, and the candidate
 * then reads a report per requirement on the finished page. Imports nothing but zod, so the client
 * can share it.
 */
import { z } from 'zod';

/** The assessment's setting, as a manager reads and sets it. */
export const feedbackSettingSchema = z.strictObject({
  candidateFeedback: z.boolean('must be true or false'),
});
export type FeedbackSetting = z.infer<typeof feedbackSettingSchema>;

/** One visible check as the report shows it: its title, whether it passed, the grader's message. */
export const feedbackCheckSchema = z.object({
  title: z.string(),
  passed: z.boolean(),
  message: z.string(),
});

/**
 * `met`: every visible check of the requirement passed; `not_met`: at least one did not;
 * `not_shown`: no visible check covers it, so the report says nothing about it.
 */
export const REQUIREMENT_VERDICTS = ['met', 'not_met', 'not_shown'] as const;
export type RequirementVerdict = (typeof REQUIREMENT_VERDICTS)[number];

export const feedbackRequirementSchema = z.object({
  id: z.string(),
  text: z.string(),
  verdict: z.enum(REQUIREMENT_VERDICTS),
  checks: z.array(feedbackCheckSchema),
});
export type FeedbackRequirement = z.infer<typeof feedbackRequirementSchema>;

/**
 * `graded`: the submission was judged; `not_graded`: its grading failed (not the candidate's
 * fault, and nothing to report); `not_submitted`: no submission of this challenge.
 */
export const FEEDBACK_CHALLENGE_OUTCOMES = ['graded', 'not_graded', 'not_submitted'] as const;

export const feedbackChallengeSchema = z.object({
  slug: z.string(),
  title: z.string(),
  outcome: z.enum(FEEDBACK_CHALLENGE_OUTCOMES),
  requirements: z.array(feedbackRequirementSchema),
});
export type FeedbackChallenge = z.infer<typeof feedbackChallengeSchema>;

/** A rubric dimension the visible checks assess, with what each level (1 junior … 4 staff) looks like. */
export const feedbackDimensionSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  levels: z.array(z.object({ level: z.number(), name: z.string(), description: z.string() })),
});
export type FeedbackDimension = z.infer<typeof feedbackDimensionSchema>;

export const feedbackReportSchema = z.object({
  assessmentTitle: z.string(),
  challenges: z.array(feedbackChallengeSchema),
  dimensions: z.array(feedbackDimensionSchema),
});
export type FeedbackReport = z.infer<typeof feedbackReportSchema>;

/**
 * What the candidate's finished page asks for. `off`: the assessment gives no feedback;
 * `pending`: not submitted yet, or a submission is still being graded; `ready`: the report.
 */
export const candidateFeedbackSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('off') }),
  z.object({ status: z.literal('pending') }),
  z.object({ status: z.literal('ready'), report: feedbackReportSchema }),
]);
export type CandidateFeedback = z.infer<typeof candidateFeedbackSchema>;
