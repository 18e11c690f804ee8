/**
 * Organisation API tokens as a hiring manager manages them (GET/POST /api/staff/api-tokens).
 * Imports nothing but zod (and api.ts), so the client can share it.
 */
import { z } from 'zod';
import { STORABLE_TEXT, storableText } from './api.ts';

/** What a token may do: read attempts and results, create invitations, or both (`admin`). */
export const API_SCOPES = ['read:results', 'write:invitations', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const API_TOKEN_STATUSES = ['active', 'expired', 'revoked'] as const;

export const createApiTokenRequestSchema = z.strictObject({
  /** What the token is for, so a manager recognises it later ("Greenhouse sync"). */
  name: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(100, 'must be at most 100 characters')
    .refine(storableText, STORABLE_TEXT),
  scopes: z
    .array(z.enum(API_SCOPES, `must be one of ${API_SCOPES.join(', ')}`))
    .min(1, 'pick at least one scope')
    .max(API_SCOPES.length)
    .refine((s) => new Set(s).size === s.length, 'must not repeat a scope'),
  /** The token stops working after this many days; absent, it works until revoked. */
  expiresInDays: z.number().int().min(1, 'must be at least 1').max(730, 'must be at most 730').optional(),
});
export type CreateApiTokenRequest = z.input<typeof createApiTokenRequestSchema>;

/** A token as listed: never its secret, only the prefix it starts with. */
export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(API_SCOPES)),
  status: z.enum(API_TOKEN_STATUSES),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const apiTokenListSchema = z.object({ tokens: z.array(apiTokenSchema) });
export type ApiTokenList = z.infer<typeof apiTokenListSchema>;

/** The answer to creating a token: the one time its secret is shown. */
export const createdApiTokenSchema = z.object({ token: apiTokenSchema, secret: z.string() });
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;
