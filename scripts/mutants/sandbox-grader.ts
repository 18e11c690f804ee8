/** Grades submissions through the real sandbox, exactly as the platform's worker does. */
import type Docker from 'dockerode';
import { createSandbox, WarmPool } from '../../sandbox/index.ts';
import type { Challenge } from '../../server/challenges/load.ts';
import { type GraderPool, runGrader } from '../../server/grading/run-grader.ts';
import type { GradeSubmission } from './grade-mutants.ts';

export interface SandboxGrader {
  grade: GradeSubmission;
  /** Removes every pre-warmed container still waiting. */
  close(): Promise<void>;
}

/**
 * The platform's grading path (runGrader) for one challenge. With `warm`, a challenge that declares
 * `sandbox.warm` is graded in pre-warmed containers that start while other mutants are graded, so
 * the container start overlaps the work; a take that finds none ready grades cold, as the worker does.
 * Nothing is cached across runs: every container is new and used once.
 */
export function sandboxGrader(options: {
  docker: Docker;
  challenge: Challenge;
  warm: boolean;
  concurrency: number;
  /** Stops the gradings in flight (their containers are removed) and refuses new ones. */
  signal?: AbortSignal;
}): SandboxGrader {
  const sandbox = createSandbox({ docker: options.docker });
  const pool: GraderPool | undefined =
    options.warm && options.challenge.manifest.sandbox.warm
      ? new WarmPool({ size: options.concurrency, refillAfterMs: 0 })
      : undefined;
  return {
    grade: async (files) => {
      if (options.signal?.aborted) return { kind: 'infrastructure_error', error: 'interrupted' };
      return runGrader({
        sandbox,
        challenge: options.challenge,
        files,
        jobId: `mutants:${options.challenge.manifest.slug}`,
        ...(pool ? { pool } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    },
    close: async () => {
      await pool?.close();
    },
  };
}
