import { Router } from 'express';
import { requireManager } from '../auth/roles.ts';
import { type AuditPage, auditQuerySchema } from '../contract/audit.ts';
import type { AppDeps } from '../deps.ts';
import { listAuditEntries } from '../queries/audit.ts';
import { presentAuditEntry } from '../security/audit-presenter.ts';

/** The audit log of staff actions: a hiring manager reads their organisation's, newest first. */
export function auditRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/audit', async (req, res) => {
    const user = await requireManager(req, deps, 'read the audit log');
    const query = auditQuerySchema.parse(req.query);
    const rows = await listAuditEntries(deps.db, user.organisationId, query);
    const last = rows.at(-1);
    res.json({
      entries: rows.map(presentAuditEntry),
      nextBefore: rows.length === query.limit && last ? last.id : null,
    } satisfies AuditPage);
  });

  return router;
}
