import { newApiToken } from '../auth/api-tokens.ts';
import type { CreateApiTokenRequest } from '../contract/api-tokens.ts';
import type { Db } from '../db/pool.ts';
import { notFound } from '../errors.ts';
import { findApiToken, insertApiToken, revokeApiToken } from '../queries/api-tokens.ts';
import { type AuditActor, audited } from '../security/audit.ts';

/**
 * Creates an API token for the manager's organisation and files `api_token.create` in the same
 * transaction. Returns the token's id and its secret: the only time the secret exists outside the
 * caller's hands, since only its hash is stored.
 */
export function createApiToken(
  db: Db,
  manager: { id: string; organisationId: string },
  request: Required<Pick<CreateApiTokenRequest, 'name' | 'scopes'>> & { expiresInDays?: number | undefined },
  actor: AuditActor,
): Promise<{ id: string; secret: string }> {
  const { secret, prefix, hash } = newApiToken();
  const expiresAt = request.expiresInDays
    ? new Date(Date.now() + request.expiresInDays * 24 * 3600_000)
    : null;
  return audited(db, actor, async (client) => {
    const id = await insertApiToken(client, {
      organisationId: manager.organisationId,
      name: request.name,
      scopes: request.scopes,
      prefix,
      tokenHash: hash,
      createdBy: manager.id,
      expiresAt,
    });
    return {
      result: { id, secret },
      audit: {
        action: 'api_token.create',
        target: { type: 'api_token', id },
        details: {
          name: request.name,
          prefix,
          scopes: request.scopes,
          expiresAt: expiresAt?.toISOString() ?? null,
        },
      },
    };
  });
}

/** Revokes one of the organisation's tokens (at once, for every API process), audited; 404 for another's. */
export function revokeOrganisationApiToken(
  db: Db,
  organisationId: string,
  tokenId: string,
  actor: AuditActor,
): Promise<void> {
  return audited(db, actor, async (client) => {
    const token = await findApiToken(client, organisationId, tokenId);
    if (!token) throw notFound('The API token');
    await revokeApiToken(client, token.id);
    return {
      result: undefined,
      audit: {
        action: 'api_token.revoke',
        target: { type: 'api_token', id: token.id },
        details: { name: token.name, prefix: token.prefix, alreadyRevoked: token.revokedAt !== null },
      },
    };
  });
}
