import type Docker from 'dockerode';
import { CappedSink } from './output-sink.ts';
import { type ContainerPlan, containerOptions } from './policy.ts';

export type SandboxStatus = 'ok' | 'timeout' | 'output_limit' | 'memory_limit' | 'error';

/** A run's outcome is data: a candidate's timeout or flood is a status, not an exception. */
export interface SandboxRunResult {
  status: SandboxStatus;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Bytes the worker read from stdout and stderr, including what the caps dropped. */
  outputBytesRead: number;
  /** For status `error`: what went wrong with the sandbox itself. */
  errorMessage?: string;
}

/** A started container, attached before start so no output is lost, with capped output sinks. */
export interface ContainerSession {
  readonly id: string;
  /** Writes to the container's stdin. */
  write(data: Buffer): void;
  /** Writes the last bytes and closes stdin. */
  end(data: Buffer): void;
  /** True once the container has exited (a pooled one that died is not used). */
  readonly exited: boolean;
  /** Waits for the exit under a wall-clock limit of our own, classifies it and removes the container. */
  finish(options: { timeoutMs: number; startedAt: number; signal?: AbortSignal }): Promise<SandboxRunResult>;
  /** Kills and removes the container without a result. */
  discard(): Promise<void>;
}

/**
 * Creates, attaches and starts a hardened container. dockerode's own timeouts leave wait()
 * pending forever, so the caller's limit is our own timer and a SIGKILL; output is counted in our
 * sinks (demuxStream has no cap) and a flood kills the run.
 */
export async function launchContainer(docker: Docker, plan: ContainerPlan): Promise<ContainerSession> {
  let status: SandboxStatus = 'ok';
  let killed = false;
  let exited = false;
  let container: Docker.Container | undefined;
  let attached: NodeJS.ReadWriteStream | undefined;
  const kill = (why: SandboxStatus) => {
    if (killed) return;
    killed = true;
    status = why;
    container?.kill({ signal: 'SIGKILL' }).catch(() => {});
  };
  // A flood stops being read at once (the container then blocks on a full pipe until the kill
  // lands), so the worker never even receives more than about the cap plus a socket buffer.
  const overflow = () => {
    kill('output_limit');
    (attached as { destroy?: () => void } | undefined)?.destroy?.();
  };
  const stdout = new CappedSink(plan.limits.outputBytes, overflow);
  const stderr = new CappedSink(plan.limits.outputBytes, overflow);
  const remove = () => container?.remove({ force: true }).catch(() => {});

  try {
    container = await docker.createContainer(containerOptions(plan));
    const created = container;
    const stream = await created.attach({
      stream: true,
      stdin: true,
      stdout: true,
      stderr: true,
      hijack: true,
    });
    attached = stream;
    const drained = new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    created.modem.demuxStream(stream, stdout, stderr);
    await created.start();
    const waited = (created.wait() as Promise<{ StatusCode: number }>).then(
      (exit) => {
        exited = true;
        return exit;
      },
      (error: unknown) => {
        exited = true;
        throw error;
      },
    );
    waited.catch(() => {});

    return {
      id: created.id,
      write: (data) => stream.write(data),
      end: (data) => stream.end(data),
      get exited() {
        return exited;
      },
      async finish({ timeoutMs, startedAt, signal }) {
        const timer = setTimeout(() => kill('timeout'), timeoutMs);
        const onAbort = () => kill('error');
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          const exit = await waited;
          await Promise.race([drained, new Promise((r) => setTimeout(r, 1000))]);
          let errorMessage = 'the run was aborted';
          if (!killed) {
            const info = await created.inspect();
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
            wallMs: Date.now() - startedAt,
            outputBytesRead: stdout.received + stderr.received,
            ...(status === 'error' ? { errorMessage } : {}),
          };
        } catch (error) {
          return failure(error, startedAt, stdout, stderr);
        } finally {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          await remove();
        }
      },
      async discard() {
        kill('error');
        await remove();
      },
    };
  } catch (error) {
    await remove();
    throw error;
  }
}

export function failure(
  error: unknown,
  startedAt: number,
  stdout?: CappedSink,
  stderr?: CappedSink,
): SandboxRunResult {
  return {
    status: 'error',
    exitCode: null,
    stdout: stdout?.text() ?? '',
    stderr: stderr?.text() ?? '',
    wallMs: Date.now() - startedAt,
    outputBytesRead: (stdout?.received ?? 0) + (stderr?.received ?? 0),
    errorMessage: error instanceof Error ? error.message : String(error),
  };
}
