import { Router } from 'express';
import { requireStaff } from '../auth/guards.ts';
import { idParam, requireManager } from '../auth/roles.ts';
import { extendInvitation, revokeCandidateInvitation } from '../commands/change-invitation.ts';
import { readAttemptReview } from '../commands/read-attempt-review.ts';
import { submitReview } from '../commands/submit-review.ts';
import { extendRequestSchema, reviewRequestSchema } from '../contract/staff.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { presentInvitation } from '../presenters/invitations.ts';
import { findInvitationByAttempt } from '../queries/invitations.ts';
import { auditActor } from '../security/audit.ts';

/** One attempt: its review page (interviewers and managers), and a manager's extend and revoke. */
export function attemptReviewRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/attempts/:id', async (req, res) => {
    const user = await requireStaff(req, deps);
    res.json(await readAttemptReview(deps, user, idParam(req.params.id, 'The attempt')));
  });

  router.post('/attempts/:id/review', async (req, res) => {
    const user = await requireStaff(req, deps);
    const attemptId = idParam(req.params.id, 'The attempt');
    const body = reviewRequestSchema.parse(req.body);
    await submitReview(deps, user, attemptId, body, auditActor(req, user));
    res.status(201).json(await readAttemptReview(deps, user, attemptId));
  });

  const invitationAnswer = async (organisationId: string, attemptId: string) => {
    const row = await findInvitationByAttempt(deps.db, organisationId, attemptId);
    if (!row) throw notFound('The invitation');
    return { invitation: presentInvitation(row) };
  };

  router.post('/attempts/:id/extend', async (req, res) => {
    const user = await requireManager(req, deps, 'extend a deadline');
    const attemptId = idParam(req.params.id, 'The invitation');
    const body = extendRequestSchema.parse(req.body);
    await extendInvitation(deps.db, user.organisationId, attemptId, body.minutes, auditActor(req, user));
    res.json(await invitationAnswer(user.organisationId, attemptId));
  });

  router.post('/attempts/:id/revoke', async (req, res) => {
    const user = await requireManager(req, deps, 'revoke an invitation');
    const attemptId = idParam(req.params.id, 'The invitation');
    await revokeCandidateInvitation(deps.db, user.organisationId, attemptId, auditActor(req, user));
    res.json(await invitationAnswer(user.organisationId, attemptId));
  });

  return router;
}
