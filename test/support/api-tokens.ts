import { createApiToken } from '../../server/commands/manage-api-tokens.ts';
import type { ApiScope } from '../../server/contract/api-tokens.ts';
import type { Db } from '../../server/db/pool.ts';
import type { TestOrganisation } from './factories.ts';

export interface TestApiToken {
  id: string;
  secret: string;
  /** The Authorization header that sends it. */
  headers: { authorization: string };
}

/**
 * An API token of the organisation, made by its manager through the real command; `state`
 * revokes it or backdates it past its expiry, straight in the database.
 */
export async function createTestApiToken(
  db: Db,
  org: TestOrganisation,
  scopes: ApiScope[],
  state: 'active' | 'revoked' | 'expired' = 'active',
): Promise<TestApiToken> {
  const { id, secret } = await createApiToken(
    db,
    { id: org.manager.id, organisationId: org.organisationId },
    { name: `Test token (${scopes.join(' ')}, ${state})`, scopes, expiresInDays: 30 },
    { organisationId: org.organisationId, actorId: org.manager.id, ip: '127.0.0.1' },
  );
  if (state === 'revoked') await db.query('update api_tokens set revoked_at = now() where id = $1', [id]);
  if (state === 'expired')
    await db.query(
      `update api_tokens set created_at = now() - interval '2 days', expires_at = now() - interval '1 second'
       where id = $1`,
      [id],
    );
  return { id, secret, headers: { authorization: `Bearer ${secret}` } };
}
