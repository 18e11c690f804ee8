import { Router } from 'express';
import { idParam, requireManager } from '../auth/roles.ts';
import { compareAssessment } from '../commands/compare-assessment.ts';
import { createAssessment } from '../commands/create-assessment.ts';
import { type CandidateToInvite, inviteCandidates } from '../commands/invite-candidates.ts';
import { parseCandidateCsv } from '../commands/parse-candidate-csv.ts';
import {
  createAssessmentRequestSchema,
  csvInviteRequestSchema,
  inviteRequestSchema,
} from '../contract/staff.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { comparisonCsv } from '../presenters/comparison-csv.ts';
import { presentAssessmentDetail, presentInvitation } from '../presenters/invitations.ts';
import { presentAssessment } from '../presenters/staff.ts';
import { findAssessment } from '../queries/assessments.ts';
import { listInvitationsOfAssessment } from '../queries/invitations.ts';
import { type AuditActor, auditActor, recordAudit } from '../security/audit.ts';

/** A hiring manager's assessments: composing, inviting, and comparing the candidates. */
export function assessmentRoutes(deps: AppDeps): Router {
  const router = Router();

  const ownAssessment = async (organisationId: string, id: string | undefined) => {
    const assessment = await findAssessment(deps.db, organisationId, idParam(id, 'The assessment'));
    if (!assessment) throw notFound('The assessment');
    return assessment;
  };

  router.post('/assessments', async (req, res) => {
    const user = await requireManager(req, deps, 'compose assessments');
    const body = createAssessmentRequestSchema.parse(req.body);
    const id = await createAssessment(deps, user, body, auditActor(req, user));
    res.status(201).json({ assessment: presentAssessment(await ownAssessment(user.organisationId, id)) });
  });

  router.get('/assessments/:id', async (req, res) => {
    const user = await requireManager(req, deps, 'manage invitations');
    const assessment = await ownAssessment(user.organisationId, req.params.id);
    const invitations = await listInvitationsOfAssessment(deps.db, user.organisationId, assessment.id);
    res.json(presentAssessmentDetail(assessment, deps.catalogue, invitations));
  });

  /** Invites, and files one audit entry in the same transaction: the invitation, or the CSV's list. */
  const invite = async (
    actor: AuditActor,
    assessmentId: string,
    candidates: CandidateToInvite[],
    days: number,
    via: 'single' | 'csv',
    timeZone: string | undefined,
  ) => {
    const assessment = { id: assessmentId, organisationId: actor.organisationId };
    const created = await inviteCandidates(
      deps.db,
      assessment,
      candidates,
      days,
      (client, rows) => {
        const invitationIds = rows.map((r) => r.invitationId);
        const single = via === 'single' ? invitationIds[0] : undefined;
        return recordAudit(
          client,
          actor,
          single
            ? {
                action: 'invitation.create',
                target: { type: 'invitation', id: single },
                details: { assessmentId, candidateEmail: rows[0]?.candidateEmail },
              }
            : {
                action: 'invitation.import_csv',
                target: { type: 'assessment', id: assessmentId },
                details: { count: rows.length, invitationIds },
              },
        );
      },
      { publicUrl: deps.config.PUBLIC_URL, timeZone },
    );
    return {
      invitations: created.map(({ invitation, token }) => ({
        ...presentInvitation(invitation),
        link: `/invite/${token}`,
      })),
    };
  };

  router.post('/assessments/:id/invitations', async (req, res) => {
    const user = await requireManager(req, deps, 'invite candidates');
    const assessment = await ownAssessment(user.organisationId, req.params.id);
    const body = inviteRequestSchema.parse(req.body);
    const candidate = { ...body, source: 'candidateEmail' };
    const actor = auditActor(req, user);
    const created = await invite(
      actor,
      assessment.id,
      [candidate],
      body.expiresInDays,
      'single',
      body.timeZone,
    );
    res.status(201).json(created);
  });

  router.post('/assessments/:id/invitations/csv', async (req, res) => {
    const user = await requireManager(req, deps, 'invite candidates');
    const assessment = await ownAssessment(user.organisationId, req.params.id);
    const body = csvInviteRequestSchema.parse(req.body);
    const candidates = parseCandidateCsv(body.csv);
    const actor = auditActor(req, user);
    res
      .status(201)
      .json(await invite(actor, assessment.id, candidates, body.expiresInDays, 'csv', body.timeZone));
  });

  router.get('/assessments/:id/comparison', async (req, res) => {
    const user = await requireManager(req, deps, 'compare candidates');
    const assessment = await ownAssessment(user.organisationId, req.params.id);
    res.json(await compareAssessment(deps, user.organisationId, assessment.id));
  });

  router.get('/assessments/:id/comparison.csv', async (req, res) => {
    const user = await requireManager(req, deps, 'export the comparison');
    const assessment = await ownAssessment(user.organisationId, req.params.id);
    const comparison = await compareAssessment(deps, user.organisationId, assessment.id);
    await recordAudit(deps.db, auditActor(req, user), {
      action: 'comparison.export_csv',
      target: { type: 'assessment', id: assessment.id },
      details: { candidates: comparison.candidates.length },
    });
    const name = assessment.title.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'assessment';
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="${name}-comparison.csv"`)
      .set('Cache-Control', 'no-store')
      .send(comparisonCsv(comparison));
  });

  return router;
}
