/**
 * Single sign-on with OpenID Connect, staff deactivation and the SCIM token, as the client and the
 * server share them. Imports nothing but zod.
 */
import { z } from 'zod';

export const STAFF_ROLES = ['manager', 'interviewer'] as const;

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const printable = (s: string) => !/[\u0000-\u001f\u007f]/.test(s) && s.isWellFormed();
const PRINTABLE = 'must not contain control characters';

export const orgSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2-63 lowercase letters, digits or dashes');
export const emailDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a domain such as example.com');

/** What a staff member types to sign in with SSO: their work email, its domain, or the organisation's slug. */
export const ssoStartRequestSchema = z.strictObject({
  org: z
    .string()
    .trim()
    .toLowerCase()
    .min(2, 'must not be empty')
    .max(320, 'must be at most 320 characters')
    .refine(printable, PRINTABLE),
});
export const ssoStartResponseSchema = z.object({ url: z.string() });

/** The identity provider's answer, as the callback page received it in its query string. */
export const ssoCallbackRequestSchema = z.strictObject({
  params: z.string().max(8000, 'must be at most 8000 characters').refine(printable, PRINTABLE),
});

/** A manager's SSO settings. The client secret is write-only: never answered after it is saved. */
export const ssoSettingsRequestSchema = z.strictObject({
  slug: orgSlugSchema,
  emailDomain: emailDomainSchema.nullable().default(null),
  issuerUrl: z.url('must be a URL').max(500, 'must be at most 500 characters'),
  clientId: z.string().trim().min(1, 'must not be empty').max(255).refine(printable, PRINTABLE),
  /** Absent: keep the stored secret (required the first time). */
  clientSecret: z.string().min(1, 'must not be empty').max(1000).refine(printable, PRINTABLE).optional(),
  groupsClaim: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(100)
    .refine(printable, PRINTABLE)
    .default('groups'),
  /** Group name → role; a sign-in in none of these groups is refused. */
  groupRoles: z
    .record(z.string().min(1).max(200).refine(printable, PRINTABLE), z.enum(STAFF_ROLES))
    .refine((r) => Object.keys(r).length <= 100, 'at most 100 groups'),
  ssoRequired: z.boolean().default(false),
  /** The one manager who may still use a password when SSO is required. */
  breakGlassStaffId: z.uuid('must be a staff member id').nullable().default(null),
});
export type SsoSettingsRequest = z.input<typeof ssoSettingsRequestSchema>;

export const ssoSettingsSchema = z.object({
  slug: z.string(),
  emailDomain: z.string().nullable(),
  issuerUrl: z.string(),
  clientId: z.string(),
  /** Whether a client secret is stored; the secret itself is never answered. */
  hasClientSecret: z.boolean(),
  groupsClaim: z.string(),
  groupRoles: z.record(z.string(), z.enum(STAFF_ROLES)),
  ssoRequired: z.boolean(),
  breakGlassStaffId: z.string().nullable(),
  /** Where the identity provider must send staff back (register it with the provider). */
  redirectUri: z.string(),
  scimTokenCreatedAt: z.string().nullable(),
});
export type SsoSettings = z.infer<typeof ssoSettingsSchema>;
export const ssoSettingsResponseSchema = z.object({ settings: ssoSettingsSchema.nullable() });

/** Shown once, to the manager who generated it: only its hash is stored. */
export const scimTokenResponseSchema = z.object({ token: z.string(), baseUrl: z.string() });

export const staffMemberSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(STAFF_ROLES),
  sso: z.boolean(),
  deactivatedAt: z.string().nullable(),
});
export type StaffMember = z.infer<typeof staffMemberSchema>;
export const staffListSchema = z.object({ staff: z.array(staffMemberSchema) });
