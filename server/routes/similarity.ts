import { Router } from 'express';
import { requireStaff } from '../auth/guards.ts';
import { idParam } from '../auth/roles.ts';
import { readSimilarity } from '../commands/read-similarity.ts';
import type { AppDeps } from '../deps.ts';

/**
 * Similarity evidence for one attempt: staff of its organisation (everyone who may review it),
 * compared only with submissions of the same organisation.
 */
export function similarityRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/attempts/:id/similarity', async (req, res) => {
    const user = await requireStaff(req, deps);
    res.json(await readSimilarity(deps, user, idParam(req.params.id, 'The attempt')));
  });

  return router;
}
