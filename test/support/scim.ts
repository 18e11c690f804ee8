import { newToken } from '../../server/auth/tokens.ts';
import type { Db } from '../../server/db/pool.ts';
import { replaceScimToken, sha256 } from '../../server/queries/sso.ts';

/**
 * Issues the organisation a new SCIM token straight in the database (replacing its old one, as a
 * manager generating one does) and returns the header that carries it.
 */
export async function issueScimToken(
  db: Db,
  organisationId: string,
  createdBy: string,
): Promise<{ authorization: string }> {
  const token = `scim_${newToken()}`;
  await replaceScimToken(db, organisationId, sha256(token), createdBy);
  return { authorization: `Bearer ${token}` };
}
