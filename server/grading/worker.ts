import type { PgBoss } from 'pg-boss';
import type { LiveEnvironments, Sandbox } from '../../sandbox/index.ts';
import { creditStalledGrading } from '../accommodations/credits.ts';
import type { Catalogue } from '../challenges/load.ts';
import { challengeVariant } from '../challenges/variants.ts';
import type { Db } from '../db/pool.ts';
import { runLiveChecks } from '../live/checks.ts';
import { environmentKey, stopEnvironment } from '../live/manager.ts';
import type { LogLine } from '../logging.ts';
import { findVariantSeed } from '../queries/attempts.ts';
import {
  findGrading,
  findGradingFiles,
  type GradingRow,
  markGradingRunning,
  waitingSince,
} from '../queries/gradings.ts';
import { recordGrading } from '../scoring/record.ts';
import type { GradingOutcome } from '../scoring/types.ts';
import { ensureQueue, GRADING_QUEUE, RETRY_LIMIT } from './queue.ts';
import { type GraderPool, runGrader } from './run-grader.ts';

export interface WorkerDeps {
  db: Db;
  boss: PgBoss;
  sandbox: Sandbox;
  catalogue: Catalogue;
  concurrency: number;
  /** Pre-warmed graders; without one every grading starts a cold container. */
  pool?: GraderPool;
  /** Live environments on this worker's engine, for live challenges' checks. */
  live?: LiveEnvironments;
  /** The queue it takes gradings from (default GRADING_QUEUE; an engine's: liveGradingQueue). */
  queue?: string;
  /** PUBLIC_URL: the links in what a grading announces (the owner's "graded" mail). */
  publicUrl?: string | undefined;
  log?: LogLine;
}

/**
 * Grades one queued grading by id; throws only for faults worth a retry (the job is redelivered).
 * Returns whether this delivery stored the result (a duplicate delivery finds it stored and does not).
 */
export async function gradeJob(
  deps: Omit<WorkerDeps, 'boss' | 'concurrency'>,
  job: { gradingId: string; jobId: string; retryCount: number; signal?: AbortSignal },
): Promise<boolean> {
  const grading = await findGrading(deps.db, job.gradingId);
  // Gone, already recorded, or superseded by a newer run before any worker took it: nothing to grade.
  if (!grading || !(await markGradingRunning(deps.db, grading.id))) return false;
  // A check run that sat in a stalled queue cost the candidate that wait: it is given back, from
  // the first of the runs this one replaced (pressing Run checks again did not end the wait).
  await creditWait(deps, grading).catch((error: unknown) =>
    deps.log?.(`crediting the wait of grading ${grading.id} failed: ${String(error)}`),
  );
  const context = { publicUrl: deps.publicUrl };
  const packaged = deps.catalogue.challenges.get(grading.challengeSlug);
  // Graded as the candidate's variant (#17): the grader reads the values their brief stated.
  const challenge = packaged && challengeVariant(packaged, await findVariantSeed(deps.db, grading.attemptId));
  if (!challenge) {
    return recordGrading(
      deps.db,
      grading,
      {
        kind: 'grader_error',
        error: `unknown challenge ${grading.challengeSlug}`,
        wallMs: null,
      },
      context,
    );
  }
  const files = (await findGradingFiles(deps.db, grading.id)) ?? [];
  const key = environmentKey(grading.attemptId, grading.challengeSlug);
  const live = challenge.manifest.mode === 'live' ? deps.live : undefined;
  let outcome: GradingOutcome;
  if (live) outcome = await runLiveChecks({ environments: live, challenge, files, key });
  else if (challenge.manifest.mode === 'live')
    outcome = { kind: 'infrastructure_error', error: 'this worker runs no live environments' };
  else
    outcome = await runGrader({
      sandbox: deps.sandbox,
      challenge,
      files,
      jobId: job.jobId,
      ...(job.signal ? { signal: job.signal } : {}),
      ...(deps.pool ? { pool: deps.pool } : {}),
    });
  if (outcome.kind === 'infrastructure_error') {
    if (job.retryCount < RETRY_LIMIT) throw new Error(`sandbox fault, will retry: ${outcome.error}`);
    return recordGrading(
      deps.db,
      grading,
      {
        kind: 'grader_error',
        error: `the sandbox failed ${RETRY_LIMIT + 1} times: ${outcome.error}`,
        wallMs: null,
      },
      context,
    );
  }
  const stored = await recordGrading(deps.db, grading, outcome, context);
  // A submitted live challenge is over: its environment stops now (the sweep would, later).
  if (live && grading.kind === 'submit')
    await stopEnvironment(deps.db, live, key, 'the challenge was submitted');
  return stored;
}

async function creditWait(deps: Pick<WorkerDeps, 'db'>, grading: GradingRow): Promise<void> {
  if (grading.kind !== 'run') return;
  await creditStalledGrading(deps.db, { ...grading, createdAt: await waitingSince(deps.db, grading) });
}

/** Starts pulling grading jobs; returns a function that stops this worker. */
export async function startGradingWorker(deps: WorkerDeps): Promise<() => Promise<void>> {
  const log = deps.log ?? (() => {});
  const queue = deps.queue ?? GRADING_QUEUE;
  await ensureQueue(deps.boss, queue);
  await deps.boss.work<{ gradingId: string; requestId?: string }>(
    queue,
    {
      localConcurrency: deps.concurrency,
      // NOTIFY wakes an idle worker at once; after a grading it looks again within half a second,
      // and back to back while a backlog waits.
      pollingIntervalSeconds: 0.5,
      notifyPollingIntervalSeconds: 0.5,
      burstWhenReadyExceeds: 1,
    },
    async ([job]) => {
      if (!job) return;
      const started = Date.now();
      await gradeJob(deps, {
        gradingId: job.data.gradingId,
        jobId: job.id,
        retryCount: job.retryCount,
        signal: job.signal,
      });
      const { gradingId, requestId } = job.data;
      log('graded', { gradingId, jobId: job.id, requestId, queue, ms: Date.now() - started });
    },
  );
  return () => deps.boss.offWork(queue);
}
