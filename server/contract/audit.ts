/**
 * The audit log of staff actions, as a hiring manager reads it (GET /api/staff/audit). Imports
 * nothing but zod, so the client can share it.
 */
import { z } from 'zod';

export const AUDIT_ACTIONS = [
  'staff.sign_in',
  'staff.sign_in_failed',
  'staff.sign_out',
  'staff.sso_sign_in',
  'staff.deactivate',
  'sso.configure',
  'scim.token_create',
  'assessment.create',
  'assessment.set_feedback',
  'invitation.create',
  'invitation.import_csv',
  'invitation.extend',
  'invitation.revoke',
  'invitation.accommodate',
  'attempt.time_credit',
  'review.submit',
  'replay_note.create',
  'comparison.export_csv',
  'interview.schedule',
  'interview.join',
  'interview.complication',
  'webhook.create',
  'webhook.update',
  'webhook.delete',
  'webhook.ping',
  'webhook.redeliver',
  'api_token.create',
  'api_token.revoke',
  'ats.connect',
  'ats.disconnect',
  'ats.response_error',
  'candidate.erase',
  'candidate.export',
  'organisation.set_retention',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_TARGET_TYPES = [
  'staff_user',
  'assessment',
  'invitation',
  'attempt',
  'review',
  'replay_note',
  'interview',
  'webhook_endpoint',
  'api_token',
  'ats_connection',
  'organisation',
] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

export const auditQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1, 'must be at least 1').max(200, 'must be at most 200').default(50),
  /** An entry's id: only older entries are listed (the next page). */
  before: z.coerce.number().int().min(1, 'must be an entry id').optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  actor: z.object({ id: z.string().nullable(), name: z.string().nullable(), email: z.string().nullable() }),
  target: z.object({ type: z.enum(AUDIT_TARGET_TYPES), id: z.string() }).nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  /** Pass as `before` for the next (older) page; null when this page is the last. */
  nextBefore: z.number().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;
