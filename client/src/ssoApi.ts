import { z } from 'zod';
import { meResponseSchema, type StaffUser } from '../../server/contract/api.ts';
import {
  type SsoSettings,
  type SsoSettingsRequest,
  type StaffMember,
  scimTokenResponseSchema,
  ssoCallbackRequestSchema,
  ssoSettingsRequestSchema,
  ssoSettingsResponseSchema,
  ssoStartRequestSchema,
  ssoStartResponseSchema,
  staffListSchema,
} from '../../server/contract/sso.ts';
import { call, parseRequest } from './api.ts';

const noContent = z.unknown();

/** The identity provider's URL to send the browser to, for a work email or an organisation's slug. */
export async function startSso(org: string): Promise<string> {
  const body = parseRequest(ssoStartRequestSchema, { org });
  return (await call('POST', '/api/auth/sso/start', ssoStartResponseSchema, body)).url;
}

/** Hands the provider's answer (the callback page's query string) to the server, which signs in. */
export async function finishSso(params: string): Promise<StaffUser> {
  const body = parseRequest(ssoCallbackRequestSchema, { params });
  return (await call('POST', '/api/auth/sso/callback', meResponseSchema, body)).user;
}

export async function getSsoSettings(): Promise<SsoSettings | null> {
  return (await call('GET', '/api/staff/sso', ssoSettingsResponseSchema)).settings;
}

export async function saveSsoSettings(input: SsoSettingsRequest): Promise<void> {
  await call('PUT', '/api/staff/sso', noContent, parseRequest(ssoSettingsRequestSchema, input));
}

/** A new SCIM token, shown once; the previous one stops working. */
export async function generateScimToken(): Promise<{ token: string; baseUrl: string }> {
  return call('POST', '/api/staff/sso/scim-token', scimTokenResponseSchema);
}

export async function listStaffMembers(): Promise<StaffMember[]> {
  return (await call('GET', '/api/staff/members', staffListSchema)).staff;
}

export async function deactivateStaffMember(id: string): Promise<void> {
  await call('POST', `/api/staff/members/${encodeURIComponent(id)}/deactivate`, noContent);
}
