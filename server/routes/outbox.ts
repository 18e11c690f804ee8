import { Router } from 'express';
import { requireManager } from '../auth/roles.ts';
import { type OutboxPage, outboxQuerySchema } from '../contract/outbox.ts';
import type { AppDeps } from '../deps.ts';
import { listOutbox, type OutboxRow } from '../mail/outbox.ts';

const presentMessage = (row: OutboxRow): OutboxPage['messages'][number] => ({
  id: row.id,
  at: row.createdAt.toISOString(),
  to: row.recipient,
  kind: row.kind,
  subject: row.subject,
  status: row.status,
  attempts: row.attempts,
  lastError: row.lastError,
  sentAt: row.sentAt?.toISOString() ?? null,
  text: row.text,
});

/** The outbox of email: a hiring manager reads their organisation's, newest first. */
export function outboxRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/outbox', async (req, res) => {
    const user = await requireManager(req, deps, 'read the outbox');
    const query = outboxQuerySchema.parse(req.query);
    const rows = await listOutbox(deps.db, user.organisationId, query);
    const last = rows.at(-1);
    res.json({
      messages: rows.map(presentMessage),
      nextBefore: rows.length === query.limit && last ? last.id : null,
    } satisfies OutboxPage);
  });

  return router;
}
