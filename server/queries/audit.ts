import type { AuditAction, AuditTargetType } from '../contract/audit.ts';
import type { Queryable } from '../db/pool.ts';

export interface AuditRecord {
  organisationId: string | null;
  actorId: string | null;
  /** The API token that acted, when no staff member did. */
  actorTokenId?: string | null;
  actorEmail: string | null;
  action: AuditAction;
  targetType: AuditTargetType | null;
  targetId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

export interface AuditRow {
  id: number;
  at: Date;
  action: AuditAction;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  targetType: AuditTargetType | null;
  targetId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

export async function insertAuditEntry(db: Queryable, entry: AuditRecord): Promise<void> {
  await db.query(
    `insert into audit_log (organisation_id, actor_id, actor_email, action, target_type, target_id, details, ip, actor_token_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      entry.organisationId,
      entry.actorId,
      entry.actorEmail,
      entry.action,
      entry.targetType,
      entry.targetId,
      JSON.stringify(entry.details),
      entry.ip,
      entry.actorTokenId ?? null,
    ],
  );
}

/** The organisation's entries, newest first, older than `before` when given. */
export async function listAuditEntries(
  db: Queryable,
  organisationId: string,
  page: { limit: number; before?: number | undefined },
): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    `select a.id::float8 as id, a.at, a.action, coalesce(a.actor_id, a.actor_token_id) as "actorId",
       coalesce(u.name, 'API token ' || k.name || ' (' || k.prefix || ')') as "actorName",
       coalesce(u.email, a.actor_email) as "actorEmail", a.target_type as "targetType",
       a.target_id as "targetId", a.details, a.ip
     from audit_log a left join staff_users u on u.id = a.actor_id
       left join api_tokens k on k.id = a.actor_token_id
     where a.organisation_id = $1 and ($2::bigint is null or a.id < $2)
     order by a.id desc limit $3`,
    [organisationId, page.before ?? null, page.limit],
  );
  return rows;
}
