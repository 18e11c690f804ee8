import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type Docker from 'dockerode';
import { buildArchive, type SandboxFile } from './archive.ts';
import { CappedSink } from './output-sink.ts';
import {
  type ContainerPlan,
  containerOptions,
  LABEL_DEADLINE,
  LABEL_JOB,
  LABEL_OWNER,
  LABEL_SANDBOX,
  resolveLimits,
  type SandboxLimits,
} from './policy.ts';

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

export type SandboxStatus = 'ok' | 'timeout' | 'output_limit' | 'memory_limit' | 'error';

/** A run's outcome is data: a candidate's timeout or flood is a status, not an exception. */
export interface SandboxRunResult {
  status: SandboxStatus;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** For status `error`: what went wrong with the sandbox itself. */
  errorMessage?: string;
}

export interface Sandbox {
  run(request: SandboxRunRequest): Promise<SandboxRunResult>;
}

export interface SandboxOptions {
  docker: Docker;
  /** Upper bounds a request cannot exceed. */
  caps?: Partial<SandboxLimits>;
  /** Names this process in container labels, so a restarted worker can reap its own leftovers. */
  owner?: string;
}

/** The owner label of this process: host and pid. */
export const defaultOwner = (): string => `${hostname()}:${process.pid}`;

/**
 * Runs one command in a fresh, hardened container and removes it. The files go in as a tar on
 * stdin that the container extracts itself (putArchive into a tmpfs loses files), attached before
 * start so no output is lost; a timer of our own kills the container (dockerode timeouts don't).
 */
export function createSandbox({ docker, caps = {}, owner = defaultOwner() }: SandboxOptions): Sandbox {
  return {
    async run(request) {
      const limits = resolveLimits(request.limits ?? {}, caps);
      const roots = request.workDirs.map((d) => d.replace(/^\//, ''));
      const archive = await buildArchive(request.files, roots);
      const started = Date.now();
      const plan: ContainerPlan = {
        image: request.image,
        // tar is the image's own; the archive holds regular files only (see archive.ts).
        // The in-container `timeout` is a backstop: it ends the run even if this process dies and its timer with it.
        command: [
          'timeout',
          '-s',
          'KILL',
          String(Math.ceil(limits.timeoutMs / 1000) + 2),
          '/bin/sh',
          '-c',
          'tar -x -m -o --no-same-permissions -C / -f - && exec "$@"',
          'sandbox',
          ...request.command,
        ],
        env: request.env ?? {},
        workDirs: request.workDirs,
        limits,
        labels: {
          [LABEL_SANDBOX]: '1',
          [LABEL_JOB]: request.jobId ?? randomUUID(),
          [LABEL_OWNER]: owner,
          [LABEL_DEADLINE]: new Date(started + limits.timeoutMs + 60_000).toISOString(),
        },
      };
      let container: Docker.Container | undefined;
      let status = 'ok' as SandboxStatus;
      let killed = false;
      const kill = (why: SandboxStatus) => {
        if (killed) return;
        killed = true;
        status = why;
        container?.kill({ signal: 'SIGKILL' }).catch(() => {});
      };
      const stdout = new CappedSink(limits.outputBytes, () => kill('output_limit'));
      const stderr = new CappedSink(limits.outputBytes, () => kill('output_limit'));
      const timer = setTimeout(() => kill('timeout'), limits.timeoutMs);
      const onAbort = () => kill('error');
      request.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        container = await docker.createContainer(containerOptions(plan));
        const stream = await container.attach({
          stream: true,
          stdin: true,
          stdout: true,
          stderr: true,
          hijack: true,
        });
        const drained = new Promise<void>((resolve) => {
          stream.on('end', resolve);
          stream.on('close', resolve);
          stream.on('error', () => resolve());
        });
        container.modem.demuxStream(stream, stdout, stderr);
        await container.start();
        stream.end(archive);
        const exit = (await container.wait()) as { StatusCode: number };
        await Promise.race([drained, new Promise((r) => setTimeout(r, 1000))]);
        let errorMessage = 'the run was aborted';
        if (!killed) {
          const info = await container.inspect();
          if (info.State.OOMKilled) status = 'memory_limit';
          else if (exit.StatusCode === 128 + 9 || exit.StatusCode === 128 + 15) {
            // Nothing inside the sandbox may signal its init: the engine stopping (or an operator) did.
            status = 'error';
            errorMessage = `the container was stopped from outside the sandbox (exit ${exit.StatusCode})`;
          }
        }
        return {
          status,
          exitCode: killed ? null : exit.StatusCode,
          stdout: stdout.text(),
          stderr: stderr.text(),
          wallMs: Date.now() - started,
          ...(status === 'error' ? { errorMessage } : {}),
        };
      } catch (error) {
        return {
          status: 'error',
          exitCode: null,
          stdout: stdout.text(),
          stderr: stderr.text(),
          wallMs: Date.now() - started,
          errorMessage: error instanceof Error ? error.message : String(error),
        };
      } finally {
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        await container?.remove({ force: true }).catch(() => {});
      }
    },
  };
}
