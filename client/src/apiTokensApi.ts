import { z } from 'zod';
import {
  type ApiToken,
  apiTokenListSchema,
  apiTokenSchema,
  type CreateApiTokenRequest,
  type CreatedApiToken,
  createApiTokenRequestSchema,
  createdApiTokenSchema,
} from '../../server/contract/api-tokens.ts';
import { call, parseRequest, staffPath } from './api.ts';

/** The organisation's API tokens, newest first, without their secrets. */
export async function listApiTokens(): Promise<ApiToken[]> {
  return (await call('GET', staffPath('api-tokens'), apiTokenListSchema)).tokens;
}

/** Creates a token; the answer carries its secret, shown this once. */
export async function createApiToken(input: CreateApiTokenRequest): Promise<CreatedApiToken> {
  const body = parseRequest(createApiTokenRequestSchema, input);
  return call('POST', staffPath('api-tokens'), createdApiTokenSchema, body);
}

/** Revokes a token: every call with it is refused from now on. */
export async function revokeApiToken(id: string): Promise<ApiToken> {
  return (await call('POST', staffPath('api-tokens', id, 'revoke'), z.object({ token: apiTokenSchema })))
    .token;
}
