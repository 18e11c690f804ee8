import { Router } from 'express';
import { requireManager } from '../auth/roles.ts';
import { readCheckStatistics } from '../commands/read-check-statistics.ts';
import type { AppDeps } from '../deps.ts';

/** For challenge authors: how each check behaves across the organisation's graded submissions. */
export function statisticsRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/challenges/check-statistics', async (req, res) => {
    const user = await requireManager(req, deps, 'read the checks’ statistics');
    res.json(await readCheckStatistics(deps.db, deps.catalogue, user.organisationId));
  });

  return router;
}
