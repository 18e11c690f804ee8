import type { ApiToken } from '../contract/api-tokens.ts';
import type { ApiTokenRow } from '../queries/api-tokens.ts';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** A token as a manager sees it: its prefix and what it may do, never its secret or hash. */
export function presentApiToken(row: ApiTokenRow, now = Date.now()): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    status: row.revokedAt
      ? 'revoked'
      : row.expiresAt && row.expiresAt.getTime() <= now
        ? 'expired'
        : 'active',
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdByName,
    lastUsedAt: iso(row.lastUsedAt),
    expiresAt: iso(row.expiresAt),
    revokedAt: iso(row.revokedAt),
  };
}
