import { Router } from 'express';
import { requireCandidate } from '../auth/guards.ts';
import {
  type EnvironmentFile,
  environmentFileQuerySchema,
  environmentFileSchema,
  type LiveEnvironmentState,
} from '../contract/live.ts';
import type { AppDeps } from '../deps.ts';
import { conflict, HttpError } from '../errors.ts';
import { readEnvironmentFile, writeEnvironmentFile } from '../live/environment-files.ts';
import { EnvironmentsBusyError } from '../live/manager.ts';

/**
 * The untimed practice before the clock, under /api/candidate/practice: the same candidate session
 * as the attempt, and only that attempt's own practice (its id comes from the session). Nothing
 * here reads or writes the attempt's files, replay or gradings.
 */
export function practiceRoutes(deps: AppDeps): Router {
  const router = Router();

  const manager = () => {
    if (!deps.practice)
      throw new HttpError(503, 'live_unavailable', 'This server runs no live environments, so no practice.');
    return deps.practice;
  };

  router.get('/practice', async (req, res) => {
    const attemptId = await requireCandidate(req, deps);
    if (!deps.practice) return void res.json({ available: false, reason: 'This server offers no practice.' });
    res.json(await deps.practice.view(attemptId));
  });

  router.post('/practice/environment', async (req, res) => {
    const attemptId = await requireCandidate(req, deps);
    try {
      const env = await manager().ensure(attemptId);
      res.json({ status: 'ready', readyMs: env.row.readyMs } satisfies LiveEnvironmentState);
    } catch (error) {
      if (error instanceof EnvironmentsBusyError) res.set('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  });

  const running = async (attemptId: string) => {
    const practice = manager();
    const env = await practice.findReady(attemptId);
    if (!env)
      throw conflict('The practice environment is not running; start it again.', 'environment_not_running');
    return { practice, env };
  };

  router.get('/practice/environment/file', async (req, res) => {
    const attemptId = await requireCandidate(req, deps);
    const { path } = environmentFileQuerySchema.parse(req.query);
    const { practice, env } = await running(attemptId);
    const content = await readEnvironmentFile(practice.environments, env, path);
    res.json({ path, content } satisfies EnvironmentFile);
  });

  router.put('/practice/environment/file', async (req, res) => {
    const attemptId = await requireCandidate(req, deps);
    const { path, content } = environmentFileSchema.parse(req.body);
    const { practice, env } = await running(attemptId);
    const bytes = await writeEnvironmentFile(practice.environments, env, path, content);
    await practice.touch(env.row.id);
    res.json({ path, bytes });
  });

  router.post('/practice/checks', async (req, res) => {
    const attemptId = await requireCandidate(req, deps);
    res.json(await manager().check(attemptId));
  });

  return router;
}
