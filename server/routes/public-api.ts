import { Router } from 'express';
import { requireApiToken, tokenAuditActor } from '../auth/api-tokens.ts';
import { idParam } from '../auth/roles.ts';
import { inviteCandidates } from '../commands/invite-candidates.ts';
import { readAttemptResult } from '../commands/read-attempt-result.ts';
import { v1InvitationRequestSchema } from '../contract/public-api.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { presentInvitation } from '../presenters/invitations.ts';
import { presentAssessment, presentAssessmentAttempts } from '../presenters/staff.ts';
import { findAssessment, listAssessments } from '../queries/assessments.ts';
import { listAttemptsOfAssessment } from '../queries/attempts.ts';
import { listScoresOfAssessment } from '../queries/scores.ts';
import { recordAudit } from '../security/audit.ts';

/**
 * The REST API for an organisation's scripts and ATS (mounted at /api/v1), token-only: every
 * route starts with `requireApiToken` and reuses the staff pages' queries, presenters and
 * commands, so an invitation made here mails and audits like one made by a manager.
 * server/api/openapi.ts documents each route; a test fails for a route it does not.
 */
export function publicApiRoutes(deps: AppDeps): Router {
  const router = Router();

  const ownAssessment = async (organisationId: string, id: string | undefined) => {
    const assessment = await findAssessment(deps.db, organisationId, idParam(id, 'The assessment'));
    if (!assessment) throw notFound('The assessment');
    return assessment;
  };

  router.get('/assessments', async (req, res) => {
    // Any scope: a script that invites needs the ids as much as one that reads results.
    const caller = await requireApiToken(req, res, deps, ['read:results', 'write:invitations']);
    const assessments = await listAssessments(deps.db, caller.organisationId);
    res.json({ assessments: assessments.map(presentAssessment) });
  });

  router.post('/assessments/:id/invitations', async (req, res) => {
    const caller = await requireApiToken(req, res, deps, ['write:invitations']);
    const assessment = await ownAssessment(caller.organisationId, req.params.id);
    const body = v1InvitationRequestSchema.parse(req.body);
    const actor = tokenAuditActor(req, caller);
    const created = await inviteCandidates(
      deps.db,
      { id: assessment.id, organisationId: caller.organisationId },
      [{ candidateName: body.candidateName, candidateEmail: body.candidateEmail, source: 'candidateEmail' }],
      body.expiresInDays,
      (client, rows) =>
        recordAudit(client, actor, {
          action: 'invitation.create',
          target: { type: 'invitation', id: rows[0]?.invitationId ?? assessment.id },
          details: { assessmentId: assessment.id, candidateEmail: rows[0]?.candidateEmail, via: 'api' },
        }),
      { publicUrl: deps.config.PUBLIC_URL, timeZone: body.timeZone },
    );
    res.status(201).json({
      invitations: created.map(({ invitation, token }) => ({
        ...presentInvitation(invitation),
        link: `/invite/${token}`,
      })),
    });
  });

  router.get('/assessments/:id/attempts', async (req, res) => {
    const caller = await requireApiToken(req, res, deps, ['read:results']);
    const assessment = await ownAssessment(caller.organisationId, req.params.id);
    const [attempts, scores] = await Promise.all([
      listAttemptsOfAssessment(deps.db, caller.organisationId, assessment.id),
      listScoresOfAssessment(deps.db, caller.organisationId, assessment.id),
    ]);
    res.json(presentAssessmentAttempts(assessment, deps.catalogue.rubric, attempts, scores));
  });

  router.get('/attempts/:id', async (req, res) => {
    const caller = await requireApiToken(req, res, deps, ['read:results']);
    res.json(await readAttemptResult(deps, caller.organisationId, idParam(req.params.id, 'The attempt')));
  });

  return router;
}
