import { Router } from 'express';
import { accommodatedMinutes } from '../accommodations/time.ts';
import { requireCandidate } from '../auth/guards.ts';
import { idParam } from '../auth/roles.ts';
import { challengeVariant } from '../challenges/variants.ts';
import { attemptPhase } from '../commands/attempt-state.ts';
import { enterInvitation } from '../commands/enter-invitation.ts';
import { recordEvents } from '../commands/record-events.ts';
import { requestGrading } from '../commands/request-grading.ts';
import { saveFiles } from '../commands/save-files.ts';
import { startAttempt } from '../commands/start-attempt.ts';
import { enterRequestSchema, requestGradingSchema, saveFilesRequestSchema } from '../contract/api.ts';
import { eventBatchSchema } from '../contract/events.ts';
import {
  type EnvironmentFile,
  environmentFileQuerySchema,
  environmentFileSchema,
  type LiveEnvironmentState,
} from '../contract/live.ts';
import type { AppDeps } from '../deps.ts';
import { conflict, HttpError, notFound } from '../errors.ts';
import { readCandidateFeedback } from '../feedback/read-feedback.ts';
import { readEnvironmentFile, writeEnvironmentFile } from '../live/environment-files.ts';
import { EnvironmentsBusyError } from '../live/manager.ts';
import type { Metrics } from '../metrics.ts';
import { presentTimeCredit } from '../presenters/accommodations.ts';
import {
  presentCandidateAttempt,
  presentCandidateChallenge,
  presentCandidateGrading,
} from '../presenters/candidate.ts';
import { findAccommodation, listTimeCredits } from '../queries/accommodations.ts';
import { findAttempt } from '../queries/attempts.ts';
import { listAttemptFiles } from '../queries/files.ts';
import { findGrading, latestGradings } from '../queries/gradings.ts';
import { findInterviewOfAttempt } from '../queries/interviews.ts';
import { clientIp, enforceRateLimit } from '../security/rate-limit.ts';

export function candidateRoutes(deps: AppDeps, metrics?: Pick<Metrics, 'replayEvents'>): Router {
  const router = Router();

  /** The candidate's whole view of their attempt: briefs always, files once started. */
  const attemptView = async (attemptId: string) => {
    const attempt = await findAttempt(deps.db, attemptId);
    if (!attempt) throw notFound('The attempt');
    const phase = attemptPhase(attempt);
    const latest = await latestGradings(deps.db, attemptId);
    const challenges = [];
    for (const slug of attempt.challengeSlugs) {
      const challenge = deps.catalogue.challenges.get(slug);
      if (!challenge) throw notFound(`Challenge ${slug}`);
      const files = phase === 'not_started' ? [] : await listAttemptFiles(deps.db, attemptId, slug);
      challenges.push(
        presentCandidateChallenge(
          challengeVariant(challenge, attempt.variantSeed),
          files,
          latest.find((g) => g.challengeSlug === slug),
        ),
      );
    }
    const extra = await findAccommodation(deps.db, attemptId);
    return presentCandidateAttempt(
      attempt,
      phase,
      challenges,
      await findInterviewOfAttempt(deps.db, attemptId),
      {
        limitMinutes: extra ? accommodatedMinutes(attempt.timeLimitMinutes, extra) : attempt.timeLimitMinutes,
        // A credit an interview's slot end swallowed whole added nothing to tell the candidate about.
        credits: (await listTimeCredits(deps.db, attemptId))
          .map(presentTimeCredit)
          .filter((c) => c.appliedMinutes > 0),
      },
    );
  };

  router.post('/enter', async (req, res) => {
    await enforceRateLimit(deps, res, 'enter_ip', clientIp(req));
    const { token } = enterRequestSchema.parse(req.body);
    await enterInvitation(deps, res, token);
    res.status(204).end();
  });

  router.get('/attempt', async (req, res) => {
    const attemptId = await requireCandidate(req, deps);
    res.json(await attemptView(attemptId));
  });

  /** Feedback on the attempt, when its assessment gives some and the final grading is recorded. */
  router.get('/attempt/feedback', async (req, res) => {
    const attemptId = await requireCandidate(req, deps);
    res.json(await readCandidateFeedback(deps, attemptId));
  });

  router.post('/attempt/start', async (req, res) => {
    const attemptId = await requireCandidate(req, deps);
    await startAttempt(deps, attemptId);
    // The practice is over once the clock runs (its sweep would end it too, a little later); the
    // container's removal never holds up the answer.
    void deps.practice?.stop(attemptId, 'the assessment started').catch(() => undefined);
    res.json(await attemptView(attemptId));
  });

  router.put('/attempt/challenges/:slug/files', async (req, res) => {
    const attemptId = await requireCandidate(req, deps);
    const { files } = saveFilesRequestSchema.parse(req.body);
    const savedAt = await saveFiles(deps, attemptId, req.params.slug, files);
    res.json({ savedAt: savedAt.toISOString() });
  });

  router.post('/attempt/challenges/:slug/gradings', async (req, res) => {
    const attemptId = await requireCandidate(req, deps);
    await enforceRateLimit(deps, res, 'gradings_attempt', attemptId);
    const { kind } = requestGradingSchema.parse(req.body);
    const grading = await requestGrading(deps, attemptId, req.params.slug, kind, {
      requestId: res.locals.requestId,
    });
    res.status(202).json({ ...presentCandidateGrading(grading), replacedRuns: grading.replacedRuns });
  });

  /** The replay log: the page's batched editor, file, paste, focus and check-run events. */
  router.post('/attempt/events', async (req, res) => {
    const attemptId = await requireCandidate(req, deps);
    const batch = eventBatchSchema.parse(req.body);
    try {
      const stored = await recordEvents(deps, attemptId, batch);
      if (stored.stored) metrics?.replayEvents.inc({ outcome: 'stored' }, batch.events.length);
      res.json(stored);
    } catch (error) {
      if (error instanceof HttpError && error.status < 500)
        metrics?.replayEvents.inc({ outcome: 'refused' }, batch.events.length);
      throw error;
    }
  });

  /** Starts (or finds) the candidate's live environment for a live challenge; answers once it is ready. */
  router.post('/attempt/challenges/:slug/environment', async (req, res) => {
    const attemptId = await requireCandidate(req, deps);
    if (!deps.live) throw new HttpError(503, 'live_unavailable', 'This server runs no live environments.');
    try {
      const env = await deps.live.ensure(attemptId, req.params.slug);
      res.json({ status: 'ready', readyMs: env.row.readyMs } satisfies LiveEnvironmentState);
    } catch (error) {
      if (error instanceof EnvironmentsBusyError) res.set('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  });

  /** The running environment of a live challenge, or 409 (the page then starts it again). */
  const runningEnvironment = async (attemptId: string, slug: string) => {
    if (!deps.live) throw new HttpError(503, 'live_unavailable', 'This server runs no live environments.');
    const env = await deps.live.findReady(attemptId, slug);
    if (!env)
      throw conflict(
        'Your environment is not running; reload the page to start it.',
        'environment_not_running',
      );
    return { live: deps.live, env };
  };

  /** A file of the environment, read as the terminal's user, for the editor beside the terminal. */
  router.get('/attempt/challenges/:slug/environment/file', async (req, res) => {
    const attemptId = await requireCandidate(req, deps);
    const { path } = environmentFileQuerySchema.parse(req.query);
    const { env } = await runningEnvironment(attemptId, req.params.slug);
    const content = await readEnvironmentFile(env.environments, env, path);
    res.json({ path, content } satisfies EnvironmentFile);
  });

  router.put('/attempt/challenges/:slug/environment/file', async (req, res) => {
    const attemptId = await requireCandidate(req, deps);
    const { path, content } = environmentFileSchema.parse(req.body);
    const { live, env } = await runningEnvironment(attemptId, req.params.slug);
    const bytes = await writeEnvironmentFile(env.environments, env, path, content);
    await live.touch(env.row.id);
    res.json({ path, bytes });
  });

  router.get('/attempt/gradings/:id', async (req, res) => {
    const attemptId = await requireCandidate(req, deps);
    const grading = await findGrading(deps.db, idParam(req.params.id, 'The grading'));
    // Another attempt's grading is "not found", never "forbidden": its existence is not revealed.
    if (!grading || grading.attemptId !== attemptId) throw notFound('The grading');
    res.json(presentCandidateGrading(grading));
  });

  return router;
}
