import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type Docker from 'dockerode';
import { buildArchive, type SandboxFile } from './archive.ts';
import { failure, launchContainer, type SandboxRunResult } from './container-session.ts';
import {
  type ContainerPlan,
  LABEL_DEADLINE,
  LABEL_JOB,
  LABEL_OWNER,
  LABEL_SANDBOX,
  resolveLimits,
  type SandboxLimits,
} from './policy.ts';

export type { SandboxRunResult, SandboxStatus } from './container-session.ts';

export interface SandboxRunRequest {
  image: string;
  /** Run after the files are in place, as the unprivileged sandbox user. */
  command: string[];
  /** Files to place, each under one of `workDirs` (paths without the leading slash). */
  files: SandboxFile[];
  /** Writable tmpfs folders (absolute, e.g. `/workspace`); /tmp is always there. */
  workDirs: string[];
  env?: Record<string, string>;
  limits?: Partial<SandboxLimits>;
  /** Identifies the job in the container's labels, for reaping and tracing. */
  jobId?: string;
  /** Aborting kills the container (e.g. the queue gave up on the job). */
  signal?: AbortSignal;
}

/**
 * A container started ahead of need: its program is loaded and blocked reading stdin, which
 * carries length-prefixed frames. Used once, by one run, then removed.
 */
export interface WarmRequest {
  image: string;
  /** A program that reads the frames from stdin (e.g. the grader harness). */
  command: string[];
  workDirs: string[];
  env?: Record<string, string>;
  limits?: Partial<SandboxLimits>;
  /** Frames written at once, before any candidate file exists (grader code, warm-up files). */
  setup: SandboxFile[][];
  /** How long it may wait for its run; the in-container backstop covers this plus the run's limit. */
  maxIdleMs: number;
  jobId?: string;
}

export interface WarmSandbox {
  /** The container's id (for logs and tests). */
  readonly id: string;
  /** False once the container died while waiting (it must then be discarded, not used). */
  readonly usable: boolean;
  /** Sends the last frame and waits for the result under the run's wall-clock limit. */
  run(files: SandboxFile[], options?: { signal?: AbortSignal }): Promise<SandboxRunResult>;
  discard(): Promise<void>;
}

export interface Sandbox {
  run(request: SandboxRunRequest): Promise<SandboxRunResult>;
  prepare(request: WarmRequest): Promise<WarmSandbox>;
}

export interface SandboxOptions {
  docker: Docker;
  /** Upper bounds a request cannot exceed. */
  caps?: Partial<SandboxLimits>;
  /** Names this process in container labels, so leftovers of a dead worker can be reaped. */
  owner?: string;
}

/** The owner label of this process: host and pid. */
export const defaultOwner = (): string => `${hostname()}:${process.pid}`;

/** A 4-byte big-endian length, then the bytes: how frames travel on a warm container's stdin. */
export function frame(payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(payload.length);
  return Buffer.concat([header, payload]);
}

/**
 * Runs commands in fresh, hardened containers. Files go in as a tar on stdin that the container
 * extracts itself (putArchive into a tmpfs loses files); every container is removed after its run.
 */
export function createSandbox({ docker, caps = {}, owner = defaultOwner() }: SandboxOptions): Sandbox {
  const labels = (jobId: string | undefined, deadline: number) => ({
    [LABEL_SANDBOX]: '1',
    [LABEL_JOB]: jobId ?? randomUUID(),
    [LABEL_OWNER]: owner,
    [LABEL_DEADLINE]: new Date(deadline).toISOString(),
  });
  // The in-container `timeout` is a backstop: it ends the container even if this process dies.
  const backstop = (ms: number) => ['timeout', '-s', 'KILL', String(Math.ceil(ms / 1000) + 2)];
  const roots = (workDirs: string[]) => workDirs.map((d) => d.replace(/^\//, ''));

  return {
    async run(request) {
      const limits = resolveLimits(request.limits ?? {}, caps);
      const archive = await buildArchive(request.files, roots(request.workDirs));
      const startedAt = Date.now();
      const plan: ContainerPlan = {
        image: request.image,
        // tar is the image's own; the archive holds regular files only (see archive.ts).
        command: [
          ...backstop(limits.timeoutMs),
          '/bin/sh',
          '-c',
          'tar -x -m -o --no-same-permissions -C / -f - && exec "$@"',
          'sandbox',
          ...request.command,
        ],
        env: request.env ?? {},
        workDirs: request.workDirs,
        limits,
        labels: labels(request.jobId, startedAt + limits.timeoutMs + 60_000),
      };
      try {
        const session = await launchContainer(docker, plan);
        session.end(archive);
        return await session.finish({
          timeoutMs: limits.timeoutMs,
          startedAt,
          ...(request.signal ? { signal: request.signal } : {}),
        });
      } catch (error) {
        return failure(error, startedAt);
      }
    },

    async prepare(request) {
      const limits = resolveLimits(request.limits ?? {}, caps);
      const allowed = roots(request.workDirs);
      const setup = await Promise.all(request.setup.map((files) => buildArchive(files, allowed)));
      const created = Date.now();
      const session = await launchContainer(docker, {
        image: request.image,
        command: [...backstop(request.maxIdleMs + limits.timeoutMs), ...request.command],
        env: request.env ?? {},
        workDirs: request.workDirs,
        limits,
        labels: labels(request.jobId, created + request.maxIdleMs + limits.timeoutMs + 60_000),
      });
      for (const archive of setup) session.write(frame(archive));
      let used = false;
      return {
        id: session.id,
        get usable() {
          return !used && !session.exited && Date.now() - created < request.maxIdleMs;
        },
        async run(files, options = {}) {
          used = true;
          const startedAt = Date.now();
          try {
            session.end(frame(await buildArchive(files, allowed)));
          } catch (error) {
            await session.discard();
            return failure(error, startedAt);
          }
          return session.finish({
            timeoutMs: limits.timeoutMs,
            startedAt,
            ...(options.signal ? { signal: options.signal } : {}),
          });
        },
        async discard() {
          used = true;
          await session.discard();
        },
      };
    },
  };
}
