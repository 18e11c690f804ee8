/**
 * Greenhouse's Assessment Partner API, served by Gauntlet: Greenhouse lists an organisation's
 * assessments as tests (`list_tests`), sends one to a candidate (`send_test`: Gauntlet invites and
 * mails them), and polls the result (`test_status`) until it is complete. Greenhouse authenticates
 * with HTTP Basic, the organisation's key as the user name: the key is one of the organisation's
 * API tokens (scopes `write:invitations` and `read:results`, or `admin`), so it is created, rate
 * limited, audited and revoked as any token is.
 *
 * Shapes follow https://developers.greenhouse.io/assessment.html.
 */
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { authoriseApiToken, tokenAuditActor } from '../auth/api-tokens.ts';
import { idParam } from '../auth/roles.ts';
import { readAttemptResult } from '../commands/read-attempt-result.ts';
import type { ApiScope } from '../contract/api-tokens.ts';
import { atsText } from '../contract/ats.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError, invalid, notFound } from '../errors.ts';
import { findAssessment, listAssessments } from '../queries/assessments.ts';
import { recordAudit } from '../security/audit.ts';
import { inviteFromAts } from './inbound.ts';

/**
 * The key Greenhouse sends, `Authorization: Basic base64(key + ":")`; a Bearer token is read too
 * (a script trying the same routes).
 */
async function greenhouseCaller(req: Request, res: Response, deps: AppDeps, scopes: readonly ApiScope[]) {
  const header = req.headers.authorization ?? '';
  const basic = /^Basic +([A-Za-z0-9+/=]+)\s*$/i.exec(header)?.[1];
  const key = basic
    ? (Buffer.from(basic, 'base64').toString('utf8').split(':')[0] ?? '')
    : (/^Bearer +(\S+)\s*$/i.exec(header)?.[1] ?? '');
  if (!key) {
    res.set('WWW-Authenticate', 'Basic realm="gauntlet-greenhouse"');
    throw new HttpError(
      401,
      'unauthenticated',
      'Send the organisation key as HTTP Basic user name (a Gauntlet API token with write:invitations and read:results).',
    );
  }
  return authoriseApiToken(key, res, deps, scopes, 'Basic realm="gauntlet-greenhouse"');
}

/**
 * Greenhouse's send_test body. The shape is Greenhouse's: fields it adds later are dropped, not
 * refused (nothing is merged from the body), so a new field never stops a recruiter's "Send Test".
 */
const sendTestSchema = z.object({
  // Greenhouse's own examples send it as a number or a string.
  partner_test_id: z.union([atsText(100), z.number()]).transform(String),
  candidate: z.object({
    first_name: atsText(100).default(''),
    last_name: atsText(100).default(''),
    email: atsText(200).pipe(z.string().toLowerCase().pipe(z.email('must be an email address'))),
    greenhouse_profile_url: atsText(2000).optional(),
    resume_url: atsText(2000).optional(),
    phone_number: atsText(100).optional(),
  }),
  url: atsText(2000).optional(),
});

/** What Greenhouse could not read in one of our answers (its `response_error` call). */
const responseErrorSchema = z.object({
  api_call: atsText(100),
  errors: z.array(atsText(1000)).min(1, 'must name at least one error').max(20),
  partner_test_id: z
    .union([atsText(100), z.number()])
    .transform(String)
    .optional(),
  partner_interview_id: atsText(200).optional(),
  candidate_email: atsText(200).optional(),
});

/** Where a hiring team reads the result in Gauntlet (absolute when PUBLIC_URL is set). */
const profileUrl = (deps: AppDeps, attemptId: string) =>
  `${deps.config.PUBLIC_URL?.replace(/\/$/, '') ?? ''}/staff/attempts/${attemptId}`;

export function greenhouseRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/list_tests', async (req, res) => {
    const caller = await greenhouseCaller(req, res, deps, ['write:invitations']);
    const assessments = await listAssessments(deps.db, caller.organisationId);
    res.json(assessments.map((a) => ({ partner_test_id: a.id, partner_test_name: a.title })));
  });

  router.post('/send_test', async (req, res) => {
    const caller = await greenhouseCaller(req, res, deps, ['write:invitations']);
    const body = sendTestSchema.parse(req.body);
    const what = `The test ${JSON.stringify(body.partner_test_id)}`;
    const assessment = await findAssessment(
      deps.db,
      caller.organisationId,
      idParam(body.partner_test_id, what),
    );
    if (!assessment) throw notFound(what);
    const name = `${body.candidate.first_name} ${body.candidate.last_name}`.trim() || body.candidate.email;
    const { attemptId, repeated } = await inviteFromAts(deps, {
      organisationId: caller.organisationId,
      assessmentId: assessment.id,
      source: 'greenhouse',
      connectionId: null,
      externalId: body.candidate.greenhouse_profile_url ?? body.candidate.email,
      messageId: null,
      candidateName: name,
      candidateEmail: body.candidate.email,
      actor: tokenAuditActor(req, caller),
    });
    res.status(repeated ? 200 : 201).json({ partner_interview_id: attemptId });
  });

  router.get('/test_status', async (req, res) => {
    const caller = await greenhouseCaller(req, res, deps, ['read:results']);
    const raw = req.query.partner_interview_id;
    if (typeof raw !== 'string') throw invalid('partner_interview_id: must be the id send_test answered');
    const id = idParam(raw, 'The test sent');
    const result = await readAttemptResult(deps, caller.organisationId, id);
    // Complete once submitted and every challenge's grading has its result (a score, or our error).
    const graded = result.challenges.every(
      (c) => c.submission && ['done', 'error'].includes(c.submission.status),
    );
    const complete = result.attempt.submittedAt !== null && graded;
    const scores = result.challenges.flatMap((c) =>
      c.submission?.score == null ? [] : [c.submission.score],
    );
    // Each challenge's score is 0-100; Greenhouse shows one number: their mean.
    const score = scores.length ? Math.round(scores.reduce((a, b) => a + b, 0) / scores.length) : null;
    res.json({
      partner_status: complete ? 'complete' : result.attempt.status,
      partner_profile_url: profileUrl(deps, id),
      ...(complete && score !== null ? { partner_score: score } : {}),
      metadata: {
        Assessment: result.attempt.assessmentTitle,
        ...(result.attempt.startedAt ? { 'Started at': result.attempt.startedAt } : {}),
        ...(result.attempt.submittedAt ? { 'Submitted at': result.attempt.submittedAt } : {}),
        ...(complete ? { 'Level estimate': result.level.level ?? 'not enough evidence' } : {}),
      },
    });
  });

  /** Greenhouse tells a partner what it could not read in an answer; kept in the audit log. */
  router.post('/response_error', async (req, res) => {
    const caller = await greenhouseCaller(req, res, deps, ['write:invitations', 'read:results']);
    const body = responseErrorSchema.parse(req.body);
    await recordAudit(deps.db, tokenAuditActor(req, caller), {
      action: 'ats.response_error',
      target: null,
      details: { source: 'greenhouse', ...body },
    });
    res.json({ received: true });
  });

  return router;
}
