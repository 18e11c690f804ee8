/**
 * Lever: a candidate moved to the connection's stage (Lever's `candidateStageChange` webhook) is
 * invited to the connection's assessment, and once graded, a note with the scores is posted on
 * the opportunity. Shapes follow https://hire.lever.co/developer/documentation (Webhooks,
 * Opportunities, Notes).
 *
 * Lever signs each webhook: `signature` is the hex HMAC-SHA256 of `token + triggeredAt` under the
 * webhook's signature token; `token` is unique per message, so it is also the idempotency key.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { atsText } from '../contract/ats.ts';

export const leverSettingsSchema = z.object({
  /** Lever's API base; a test points it at a recorded server on loopback. */
  apiUrl: z.url().default('https://api.lever.co/v1'),
  /** The stage whose arrival sends the assessment. */
  stageId: z.string().trim().min(1).max(200),
  /** The Lever user the note is posted as (Lever's perform_as), when the key needs one. */
  performAs: z.string().trim().max(200).optional(),
});
export type LeverSettings = z.infer<typeof leverSettingsSchema>;

export const leverSecretsSchema = z.object({
  signatureToken: z.string().min(8).max(500),
  apiKey: z.string().min(8).max(500),
});
export type LeverSecrets = z.infer<typeof leverSecretsSchema>;

/** Lever's message; its shape is Lever's, so fields it adds are dropped, not refused. */
export const leverWebhookSchema = z.object({
  event: atsText(100),
  triggeredAt: z.number().int(),
  token: atsText(200).pipe(z.string().min(8, 'must be Lever’s message token')),
  signature: z.string().regex(/^[0-9a-f]{64}$/i, 'must be a hex HMAC-SHA256'),
  data: z
    .object({
      opportunityId: atsText(200).optional(),
      toStageId: atsText(200).nullable().optional(),
    })
    .loose(),
});
export type LeverWebhook = z.infer<typeof leverWebhookSchema>;

/** A message older than this is refused even when signed: a captured one cannot be replayed later. */
export const LEVER_MAX_AGE_MS = 24 * 3600_000;

export function leverSignature(signatureToken: string, token: string, triggeredAt: number): string {
  return createHmac('sha256', signatureToken).update(`${token}${triggeredAt}`).digest('hex');
}

/** Whether Lever signed this message with the connection's signature token. */
export function verifyLeverSignature(
  message: LeverWebhook,
  signatureToken: string,
  now = Date.now(),
): boolean {
  if (Math.abs(now - message.triggeredAt) > LEVER_MAX_AGE_MS) return false;
  const expected = Buffer.from(leverSignature(signatureToken, message.token, message.triggeredAt), 'hex');
  const given = Buffer.from(message.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const opportunitySchema = z.object({
  data: z
    .object({
      id: z.string(),
      name: z.string().default(''),
      emails: z.array(z.string()).default([]),
    })
    .loose(),
});

const REQUEST_TIMEOUT_MS = 10_000;

async function leverFetch(
  settings: LeverSettings,
  secrets: LeverSecrets,
  path: string,
  init: RequestInit = {},
) {
  const response = await fetch(`${settings.apiUrl.replace(/\/$/, '')}${path}`, {
    ...init,
    redirect: 'error',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    headers: {
      Authorization: `Basic ${Buffer.from(`${secrets.apiKey}:`).toString('base64')}`,
      'Content-Type': 'application/json',
      ...init.headers,
    },
  });
  if (!response.ok) {
    const text = (await response.text()).slice(0, 300);
    throw new Error(`Lever answered ${response.status} to ${init.method ?? 'GET'} ${path}: ${text}`);
  }
  return response;
}

/** The opportunity's candidate: their name and first email address. */
export async function fetchLeverCandidate(
  settings: LeverSettings,
  secrets: LeverSecrets,
  opportunityId: string,
): Promise<{ name: string; email: string }> {
  const response = await leverFetch(settings, secrets, `/opportunities/${encodeURIComponent(opportunityId)}`);
  const { data } = opportunitySchema.parse(await response.json());
  const email = data.emails.find((e) => z.email().safeParse(e).success);
  if (!email)
    throw new Error(`Lever's opportunity ${opportunityId} has no email address to send the assessment to`);
  return { name: data.name || email, email: email.toLowerCase() };
}

/** Posts a note on the opportunity. */
export async function postLeverNote(
  settings: LeverSettings,
  secrets: LeverSecrets,
  opportunityId: string,
  value: string,
): Promise<void> {
  const query = settings.performAs ? `?perform_as=${encodeURIComponent(settings.performAs)}` : '';
  await leverFetch(settings, secrets, `/opportunities/${encodeURIComponent(opportunityId)}/notes${query}`, {
    method: 'POST',
    body: JSON.stringify({ value }),
  });
}
