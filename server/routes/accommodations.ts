import { Router } from 'express';
import { requireStaff } from '../auth/guards.ts';
import { idParam, requireManager } from '../auth/roles.ts';
import { setAccommodation } from '../commands/set-accommodation.ts';
import { accommodationRequestSchema } from '../contract/accommodations.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { presentAccommodation } from '../presenters/accommodations.ts';
import { findAccommodation, listTimeCredits } from '../queries/accommodations.ts';
import { findAttempt } from '../queries/attempts.ts';
import { auditActor } from '../security/audit.ts';

/**
 * An invitation's accommodation: every staff member of the organisation reads it (reviewers need
 * the note and the credited time); only a manager sets it, and only before the attempt starts.
 */
export function accommodationRoutes(deps: AppDeps): Router {
  const router = Router();

  const answer = async (organisationId: string, attemptId: string) => {
    const attempt = await findAttempt(deps.db, attemptId);
    if (attempt?.organisationId !== organisationId) throw notFound('The invitation');
    const row = await findAccommodation(deps.db, attemptId);
    const credits = await listTimeCredits(deps.db, attemptId);
    return { accommodation: presentAccommodation(attempt.timeLimitMinutes, row, credits) };
  };

  router.get('/attempts/:id/accommodation', async (req, res) => {
    const user = await requireStaff(req, deps);
    res.json(await answer(user.organisationId, idParam(req.params.id, 'The invitation')));
  });

  router.put('/attempts/:id/accommodation', async (req, res) => {
    const user = await requireManager(req, deps, 'set an accommodation');
    const attemptId = idParam(req.params.id, 'The invitation');
    const body = accommodationRequestSchema.parse(req.body);
    await setAccommodation(deps.db, user.organisationId, attemptId, body, auditActor(req, user));
    res.json(await answer(user.organisationId, attemptId));
  });

  return router;
}
