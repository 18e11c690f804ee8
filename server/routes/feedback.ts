import { Router } from 'express';
import { idParam, requireManager } from '../auth/roles.ts';
import { type FeedbackSetting, feedbackSettingSchema } from '../contract/feedback.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { findFeedbackSetting, updateFeedbackSetting } from '../feedback/queries.ts';
import { auditActor, audited } from '../security/audit.ts';

/** Whether an assessment gives its candidates feedback: its organisation's managers read and set it. */
export function feedbackSettingRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/assessments/:id/feedback', async (req, res) => {
    const user = await requireManager(req, deps, "read an assessment's feedback setting");
    const id = idParam(req.params.id, 'The assessment');
    const on = await findFeedbackSetting(deps.db, user.organisationId, id);
    if (on === undefined) throw notFound('The assessment');
    res.json({ candidateFeedback: on } satisfies FeedbackSetting);
  });

  router.put('/assessments/:id/feedback', async (req, res) => {
    const user = await requireManager(req, deps, 'turn feedback to candidates on or off');
    const id = idParam(req.params.id, 'The assessment');
    const { candidateFeedback } = feedbackSettingSchema.parse(req.body);
    await audited(deps.db, auditActor(req, user), async (client) => {
      // Another organisation's assessment is "not found", and nothing is changed or audited.
      const before = await findFeedbackSetting(client, user.organisationId, id);
      if (before === undefined) throw notFound('The assessment');
      await updateFeedbackSetting(client, user.organisationId, id, candidateFeedback);
      return {
        result: undefined,
        audit: {
          action: 'assessment.set_feedback',
          target: { type: 'assessment', id },
          details: { candidateFeedback, before },
        },
      };
    });
    res.json({ candidateFeedback } satisfies FeedbackSetting);
  });

  return router;
}
