import type { Request } from 'express';
import type { AuditAction, AuditTargetType } from '../contract/audit.ts';
import { type Db, type Queryable, transaction } from '../db/pool.ts';
import { insertAuditEntry } from '../queries/audit.ts';
import { clientIp } from './rate-limit.ts';

/** Who acts, for whom, from where: taken from the signed-in staff member and the request. */
export interface AuditActor {
  organisationId: string;
  /** The staff member; null when an API token acted (then `tokenId` names it). */
  actorId: string | null;
  tokenId?: string | undefined;
  ip: string;
}

/** What was done to what. */
export interface AuditEvent {
  action: AuditAction;
  target: { type: AuditTargetType; id: string } | null;
  details?: Record<string, unknown>;
}

/** The actor of an audited action: the staff member and the request's client address. */
export const auditActor = (
  req: Pick<Request, 'ip' | 'socket'>,
  user: { id: string; organisationId: string },
): AuditActor => ({ organisationId: user.organisationId, actorId: user.id, ip: clientIp(req) });

/** Writes one audit entry through `db`: pass the action's transaction client so both commit together. */
export function recordAudit(db: Queryable, actor: AuditActor, event: AuditEvent): Promise<void> {
  return insertAuditEntry(db, {
    organisationId: actor.organisationId,
    actorId: actor.actorId,
    actorTokenId: actor.tokenId ?? null,
    actorEmail: null,
    action: event.action,
    targetType: event.target?.type ?? null,
    targetId: event.target?.id ?? null,
    details: event.details ?? {},
    ip: actor.ip,
  });
}

/**
 * Runs `work` in a transaction and records the audit event it returns in the same transaction,
 * so an action and its entry are stored together or not at all.
 */
export function audited<T>(
  db: Db,
  actor: AuditActor,
  work: (client: Queryable) => Promise<{ result: T; audit: AuditEvent }>,
): Promise<T> {
  return transaction(db, async (client) => {
    const { result, audit } = await work(client);
    await recordAudit(client, actor, audit);
    return result;
  });
}

/**
 * A refused sign-in: nobody is signed in, so the actor is the email that was tried. It is filed
 * under the organisation of the account it names, if any (an unknown email is seen by nobody).
 */
export function recordSignInFailure(
  db: Queryable,
  attempt: { email: string; user: { id: string; organisationId: string } | undefined; ip: string },
): Promise<void> {
  return insertAuditEntry(db, {
    organisationId: attempt.user?.organisationId ?? null,
    actorId: null,
    actorEmail: attempt.email,
    action: 'staff.sign_in_failed',
    targetType: attempt.user ? 'staff_user' : null,
    targetId: attempt.user?.id ?? null,
    details: {},
    ip: attempt.ip,
  });
}
