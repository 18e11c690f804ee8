import { z } from 'zod';
import { STORABLE_TEXT, storableText, timeZoneSchema } from './api.ts';

export const ATS_CONNECTION_KINDS = ['lever', 'generic'] as const;
export type AtsConnectionKind = (typeof ATS_CONNECTION_KINDS)[number];

/** Text that is stored or sent on: bounded, and without what PostgreSQL cannot store. */
export const atsText = (max: number) => z.string().trim().max(max).refine(storableText, STORABLE_TEXT);
const nameSchema = atsText(120).pipe(z.string().min(1, 'must not be empty'));

/** A manager connects Lever: the stage that sends the assessment, and Lever's two secrets. */
export const createLeverConnectionSchema = z.strictObject({
  kind: z.literal('lever'),
  name: nameSchema,
  assessmentId: z.uuid('must be an assessment id'),
  stageId: atsText(200).pipe(z.string().min(1, 'must not be empty')),
  performAs: atsText(200).optional(),
  apiUrl: z.url().optional(),
  /** The webhook's signature token, from Lever's webhook settings. */
  signatureToken: atsText(500).pipe(z.string().min(8, 'must be the signature token Lever shows')),
  /** A Lever API key with opportunities:read and notes:write. */
  apiKey: atsText(500).pipe(z.string().min(8, 'must be a Lever API key')),
});

/** Any other ATS: it posts signed messages (Standard Webhooks) with a key Gauntlet makes. */
export const createGenericConnectionSchema = z.strictObject({
  kind: z.literal('generic'),
  name: nameSchema,
  assessmentId: z.uuid('must be an assessment id'),
});

export const createAtsConnectionSchema = z.discriminatedUnion('kind', [
  createLeverConnectionSchema,
  createGenericConnectionSchema,
]);

export const atsConnectionSchema = z.object({
  id: z.string(),
  kind: z.enum(ATS_CONNECTION_KINDS),
  name: z.string(),
  assessmentId: z.string(),
  assessmentTitle: z.string(),
  /** Where the ATS sends its messages (absolute when PUBLIC_URL is set). */
  inboundUrl: z.string(),
  stageId: z.string().nullable(),
  createdAt: z.string(),
});
export type AtsConnection = z.infer<typeof atsConnectionSchema>;

/** The generic inbound message: who to invite; the connection says to what. */
export const genericInboundSchema = z.strictObject({
  candidate: z.strictObject({
    name: atsText(200).pipe(z.string().min(1, 'must not be empty')),
    email: z.string().trim().toLowerCase().max(200).pipe(z.email('must be an email address')),
  }),
  /** The ATS's id for the candidate or application. */
  externalId: atsText(500).pipe(z.string().min(1, 'must not be empty')),
  timeZone: timeZoneSchema.optional(),
});

export const atsConnectionListSchema = z.object({ connections: z.array(atsConnectionSchema) });
/** A new connection; a generic one's signing key comes with it, this once. */
export const createdAtsConnectionSchema = z.object({
  connection: atsConnectionSchema,
  secret: z.string().optional(),
});
export type CreateAtsConnectionRequest = z.input<typeof createAtsConnectionSchema>;
export type CreatedAtsConnection = z.infer<typeof createdAtsConnectionSchema>;
