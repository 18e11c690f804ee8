import type { AuditEntry } from '../contract/audit.ts';
import type { AuditRow } from '../queries/audit.ts';

/** An audit row as the contract shows it. */
export function presentAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    action: row.action,
    actor: { id: row.actorId, name: row.actorName, email: row.actorEmail },
    target: row.targetType && row.targetId ? { type: row.targetType, id: row.targetId } : null,
    details: row.details,
    ip: row.ip,
  };
}
