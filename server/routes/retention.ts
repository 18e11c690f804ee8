import { Router } from 'express';
import { idParam, requireManager } from '../auth/roles.ts';
import {
  type ErasedAttempt,
  type RetentionSettings,
  retentionSettingsSchema,
} from '../contract/retention.ts';
import type { AppDeps } from '../deps.ts';
import { eraseAttemptOnRequest } from '../retention/erase-attempt.ts';
import { exportCandidateData } from '../retention/export-candidate.ts';
import { findRetentionDays, updateRetentionDays } from '../retention/queries.ts';
import { auditActor, audited } from '../security/audit.ts';

/** Candidates' data, managers only: the retention period, one candidate's export and erasure. */
export function retentionRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/organisation/retention', async (req, res) => {
    const user = await requireManager(req, deps, 'read the data retention period');
    res.json({
      retentionDays: await findRetentionDays(deps.db, user.organisationId),
    } satisfies RetentionSettings);
  });

  router.put('/organisation/retention', async (req, res) => {
    const user = await requireManager(req, deps, 'set the data retention period');
    const { retentionDays } = retentionSettingsSchema.parse(req.body);
    await audited(deps.db, auditActor(req, user), async (client) => {
      const before = await findRetentionDays(client, user.organisationId);
      await updateRetentionDays(client, user.organisationId, retentionDays);
      return {
        result: undefined,
        audit: {
          action: 'organisation.set_retention',
          target: { type: 'organisation', id: user.organisationId },
          details: { retentionDays, before },
        },
      };
    });
    res.json({ retentionDays } satisfies RetentionSettings);
  });

  router.get('/attempts/:id/export', async (req, res) => {
    const user = await requireManager(req, deps, "export a candidate's data");
    const attemptId = idParam(req.params.id, 'The attempt');
    const data = await exportCandidateData(deps, user, attemptId, auditActor(req, user));
    res
      .set('Cache-Control', 'no-store')
      .set('Content-Disposition', `attachment; filename="candidate-${attemptId}.json"`)
      .json(data);
  });

  router.post('/attempts/:id/erase', async (req, res) => {
    const user = await requireManager(req, deps, "erase a candidate's data");
    const attemptId = idParam(req.params.id, 'The attempt');
    const erasedAt = await eraseAttemptOnRequest(
      deps.db,
      user.organisationId,
      attemptId,
      auditActor(req, user),
    );
    res.json({ attemptId, erasedAt: erasedAt.toISOString() } satisfies ErasedAttempt);
  });

  return router;
}
