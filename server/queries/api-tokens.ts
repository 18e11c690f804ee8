import type { ApiScope } from '../contract/api-tokens.ts';
import { one, type Queryable } from '../db/pool.ts';

export interface ApiTokenRow {
  id: string;
  organisationId: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdByName: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS = `t.id, t.organisation_id as "organisationId", t.name, t.prefix, t.scopes,
  u.name as "createdByName", t.created_at as "createdAt", t.last_used_at as "lastUsedAt",
  t.expires_at as "expiresAt", t.revoked_at as "revokedAt"`;
const FROM = 'from api_tokens t left join staff_users u on u.id = t.created_by';

export async function insertApiToken(
  db: Queryable,
  token: {
    organisationId: string;
    name: string;
    scopes: readonly ApiScope[];
    prefix: string;
    tokenHash: Buffer;
    createdBy: string;
    expiresAt: Date | null;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into api_tokens (organisation_id, name, scopes, prefix, token_hash, created_by, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [
      token.organisationId,
      token.name,
      token.scopes,
      token.prefix,
      token.tokenHash,
      token.createdBy,
      token.expiresAt,
    ],
  );
  return one(rows).id;
}

/** The organisation's tokens, newest first (revoked ones too: a manager sees what was cut off). */
export async function listApiTokens(db: Queryable, organisationId: string): Promise<ApiTokenRow[]> {
  const { rows } = await db.query<ApiTokenRow>(
    `select ${COLUMNS} ${FROM} where t.organisation_id = $1 order by t.created_at desc, t.id desc`,
    [organisationId],
  );
  return rows;
}

/** Only within the organisation: another organisation's token is "not found". */
export async function findApiToken(
  db: Queryable,
  organisationId: string,
  id: string,
): Promise<ApiTokenRow | undefined> {
  const { rows } = await db.query<ApiTokenRow>(
    `select ${COLUMNS} ${FROM} where t.organisation_id = $1 and t.id = $2`,
    [organisationId, id],
  );
  return rows[0];
}

/** The token whose secret hashes to `tokenHash`, revoked and expired ones included (to say which). */
export async function findApiTokenByHash(db: Queryable, tokenHash: Buffer): Promise<ApiTokenRow | undefined> {
  // An indexed lookup by the hash of a 256-bit secret: its timing reveals nothing usable.
  const { rows } = await db.query<ApiTokenRow>(`select ${COLUMNS} ${FROM} where t.token_hash = $1`, [
    tokenHash,
  ]);
  return rows[0];
}

/** Revokes once: a second revoke keeps the first time. */
export async function revokeApiToken(db: Queryable, id: string): Promise<void> {
  await db.query('update api_tokens set revoked_at = now() where id = $1 and revoked_at is null', [id]);
}

/** Notes the token was used, at most once a minute, so reading does not write on every call. */
export async function touchApiToken(db: Queryable, id: string): Promise<void> {
  await db.query(
    `update api_tokens set last_used_at = now()
     where id = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')`,
    [id],
  );
}
