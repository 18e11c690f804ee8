import { Router } from 'express';
import { requireStaff } from '../auth/guards.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { idParam } from '../auth/roles.ts';
import { closeSession, endSession, lookupSession, openSession, STAFF_COOKIE } from '../auth/sessions.ts';
import { signInRequestSchema } from '../contract/api.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError, notFound } from '../errors.ts';
import { presentCatalogue } from '../presenters/catalogue.ts';
import { presentAssessment, presentAssessmentAttempts, presentStaffUser } from '../presenters/staff.ts';
import { findAssessment, listAssessments } from '../queries/assessments.ts';
import { listAttemptsOfAssessment } from '../queries/attempts.ts';
import { listScoresOfAssessment } from '../queries/scores.ts';
import { findStaffByEmail, findStaffById } from '../queries/staff.ts';
import { auditActor, recordAudit, recordSignInFailure } from '../security/audit.ts';
import { clientIp, enforceRateLimit } from '../security/rate-limit.ts';
import { passwordRefusal } from '../sso/password-policy.ts';

/** Verified against when the email is unknown, so a wrong email costs as long as a wrong password. */
const decoyHash = hashPassword('decoy-password-never-matches');

export function staffRoutes(deps: AppDeps): Router {
  const router = Router();

  router.post('/sign-in', async (req, res) => {
    const body = signInRequestSchema.parse(req.body);
    const ip = clientIp(req);
    await enforceRateLimit(deps, res, 'sign_in_ip', ip);
    await enforceRateLimit(deps, res, 'sign_in_email', body.email);
    const user = await findStaffByEmail(deps.db, body.email);
    const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash), body.password);
    if (!user || !ok) {
      await recordSignInFailure(deps.db, { email: body.email, user, ip });
      throw new HttpError(401, 'invalid_credentials', 'The email or password is wrong.');
    }
    const refusal = await passwordRefusal(deps.db, user);
    if (refusal) {
      await recordSignInFailure(deps.db, { email: body.email, user, ip });
      throw refusal;
    }
    const expiresAt = new Date(Date.now() + deps.config.SESSION_HOURS * 3600_000);
    // A fresh id on every sign-in; the previous session (if any) ends, so a planted id gains nothing.
    await endSession(req, deps, STAFF_COOKIE);
    await openSession(res, deps, STAFF_COOKIE, { staffUserId: user.id }, expiresAt);
    await recordAudit(deps.db, auditActor(req, user), {
      action: 'staff.sign_in',
      target: { type: 'staff_user', id: user.id },
    });
    res.json({ user: presentStaffUser(user) });
  });

  router.post('/sign-out', async (req, res) => {
    const session = await lookupSession(req, deps, STAFF_COOKIE);
    const user = session?.staffUserId ? await findStaffById(deps.db, session.staffUserId) : undefined;
    await closeSession(req, res, deps, STAFF_COOKIE);
    if (user) {
      await recordAudit(deps.db, auditActor(req, user), {
        action: 'staff.sign_out',
        target: { type: 'staff_user', id: user.id },
      });
    }
    res.status(204).end();
  });

  router.get('/me', async (req, res) => {
    const user = await requireStaff(req, deps);
    res.json({ user: presentStaffUser(user) });
  });

  router.get('/challenges', async (req, res) => {
    await requireStaff(req, deps);
    res.json(presentCatalogue(deps.catalogue));
  });

  router.get('/assessments', async (req, res) => {
    const user = await requireStaff(req, deps);
    const assessments = await listAssessments(deps.db, user.organisationId);
    res.json({ assessments: assessments.map(presentAssessment) });
  });

  router.get('/assessments/:id/attempts', async (req, res) => {
    const user = await requireStaff(req, deps);
    // A full UUID check: 36 dashes passed the old one and reached PostgreSQL as a uuid (a 500).
    const id = idParam(req.params.id, 'The assessment');
    const assessment = await findAssessment(deps.db, user.organisationId, id);
    if (!assessment) throw notFound('The assessment');
    const attempts = await listAttemptsOfAssessment(deps.db, user.organisationId, id);
    const scores = await listScoresOfAssessment(deps.db, user.organisationId, id);
    res.json(presentAssessmentAttempts(assessment, deps.catalogue.rubric, attempts, scores));
  });

  return router;
}
