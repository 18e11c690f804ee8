import { randomUUID } from 'node:crypto';
import { type Duplex, Writable } from 'node:stream';
import type Docker from 'dockerode';
import { withLifetime } from './lifetime.ts';
import { CappedSink } from './output-sink.ts';
import {
  containerOptions,
  LABEL_DEADLINE,
  LABEL_JOB,
  LABEL_OWNER,
  LABEL_SANDBOX,
  resolveLimits,
  type SandboxLimits,
  type TmpfsMount,
} from './policy.ts';

/** Labels a live environment with its key (the attempt and challenge it belongs to). */
export const LABEL_LIVE = 'gauntlet.live';
/** Labels it with the platform it belongs to: platforms sharing an engine never touch each other's. */
export const LABEL_LIVE_SCOPE = 'gauntlet.live.scope';
/** Live environments outlive the process that started them; only their deadline reaps them. */
const LIVE_OWNER = 'live';
const READY_LINE = 'ready';
/** Names a terminal session in the environment of each of its processes, to hang them up. */
const TERMINAL_VARIABLE = 'GAUNTLET_TERMINAL';
const HANG_UP = `for d in /proc/[0-9]*; do
  if tr '\\0' '\\n' < "$d/environ" 2>/dev/null | grep -qxF "$1"; then kill -HUP "\${d#/proc/}" 2>/dev/null; fi
done; exit 0`;

export interface LiveStartRequest {
  /** Identifies the environment (one per attempt and challenge); also its label. */
  key: string;
  image: string;
  /** The environment's own start command; it prints `ready` on a line of its own when usable. */
  command: string[];
  /** Numeric `uid:gid` the environment runs as (never root). */
  user: string;
  mounts: TmpfsMount[];
  limits?: Partial<SandboxLimits>;
  /** The environment never outlives this (the attempt's deadline): it stops itself then. */
  deadline: Date;
  /** It also stops itself once no terminal has been attached for this long (see lifetime.ts). */
  idleSeconds: number;
  /** How often it looks at its deadline and terminals (default LIFETIME_POLL_SECONDS). */
  lifetimePollSeconds?: number;
  readyTimeoutMs: number;
  /**
   * Processes started right after the container, each as its own user, as a service manager
   * would: a container has no capabilities, so its main process cannot switch users itself.
   * They run detached until the container stops; the start command decides when it is `ready`.
   */
  services?: LiveService[];
  /**
   * Variables for every service (the variant's values), set on each service's exec alone. Not the
   * start command's: the container's own environment is inherited by every exec, the candidate's
   * shell included. A process's environment is readable only by its own user.
   */
  env?: Record<string, string>;
}

export interface LiveService {
  /** A user name or `uid:gid` inside the container (never root). */
  user: string;
  command: string[];
}

export interface LiveEnvironment {
  containerId: string;
  key: string;
  readyMs: number;
}

export interface ShellRequest {
  containerId: string;
  /** A user name or `uid:gid` inside the container. */
  user: string;
  command: string[];
  workingDir: string;
  cols: number;
  rows: number;
  env?: Record<string, string>;
}

/** An interactive TTY session: bytes both ways, a resize, an end. */
export interface Shell {
  readonly stream: Duplex;
  resize(cols: number, rows: number): Promise<void>;
  close(): void;
}

export interface ExecRequest {
  containerId: string;
  user: string;
  command: string[];
  stdin?: Buffer;
  timeoutMs: number;
  outputBytes: number;
  /** Variables set for the command, over the container's (HOME, PATH…). */
  env?: Record<string, string>;
}

export interface ExecResult {
  status: 'ok' | 'timeout' | 'output_limit' | 'error';
  exitCode: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  errorMessage?: string;
}

export class LiveStartError extends Error {
  override name = 'LiveStartError';
}

const clampSize = (n: number, max: number) => Math.max(1, Math.min(max, Math.floor(n)));

/**
 * Long-lived sandboxes a candidate works in through a terminal. Same policy as every sandbox (no
 * network, no capabilities, read-only root, capped tmpfs, pids, memory and CPU), labelled with
 * their key and the attempt's deadline, so the reaper removes any that outlive it.
 */
export function createLiveEnvironments(
  docker: Docker,
  options: { caps?: Partial<SandboxLimits>; scope?: string } = {},
) {
  const caps = options.caps ?? {};
  const scope = options.scope ?? 'default';
  const containerOf = (id: string) => docker.getContainer(id);

  /** Creates, attaches, starts, and waits for the `ready` line; removes the container on failure. */
  async function start(request: LiveStartRequest): Promise<LiveEnvironment> {
    const limits = resolveLimits(
      { timeoutMs: Math.max(1, request.deadline.getTime() - Date.now()), ...request.limits },
      caps,
    );
    const options = containerOptions({
      image: request.image,
      command: withLifetime(request.command, {
        deadline: request.deadline,
        idleSeconds: request.idleSeconds,
        ...(request.lifetimePollSeconds ? { pollSeconds: request.lifetimePollSeconds } : {}),
      }),
      // Never the variant's values: every exec (the candidate's shell too) inherits the container's.
      env: {},
      workDirs: [],
      limits,
      user: request.user,
      mounts: request.mounts,
      labels: {
        [LABEL_SANDBOX]: '1',
        [LABEL_LIVE]: request.key,
        [LABEL_LIVE_SCOPE]: scope,
        [LABEL_JOB]: `live:${request.key}:${randomUUID()}`,
        [LABEL_OWNER]: LIVE_OWNER,
        [LABEL_DEADLINE]: request.deadline.toISOString(),
      },
    });
    const started = Date.now();
    const container = await docker.createContainer({
      ...options,
      OpenStdin: false,
      StdinOnce: false,
      AttachStdin: false,
    });
    try {
      const stream = await container.attach({ stream: true, stdout: true, stderr: true });
      const ready = waitForReadyLine(docker, stream, request.readyTimeoutMs);
      await container.start();
      for (const service of request.services ?? []) await startService(container, service, request.env);
      await ready;
      return { containerId: container.id, key: request.key, readyMs: Date.now() - started };
    } catch (error) {
      await container.remove({ force: true }).catch(() => {});
      throw error instanceof LiveStartError
        ? error
        : new LiveStartError(`the environment did not start: ${(error as Error).message}`);
    }
  }

  /** The running environment with this key, if any. */
  async function find(key: string): Promise<string | undefined> {
    const found = await docker.listContainers({
      filters: { label: [`${LABEL_LIVE}=${key}`, `${LABEL_LIVE_SCOPE}=${scope}`], status: ['running'] },
    });
    return found[0]?.Id;
  }

  /** Every live environment of this scope: key, container id, whether it runs, when it was created. */
  async function list(): Promise<{ key: string; containerId: string; running: boolean; createdAt: Date }[]> {
    const found = await docker.listContainers({
      all: true,
      filters: { label: [LABEL_LIVE, `${LABEL_LIVE_SCOPE}=${scope}`] },
    });
    return found.map((c) => ({
      key: c.Labels[LABEL_LIVE] ?? '',
      containerId: c.Id,
      running: c.State === 'running',
      createdAt: new Date(c.Created * 1000),
    }));
  }

  async function destroy(containerId: string): Promise<void> {
    await containerOf(containerId)
      .remove({ force: true })
      .catch((error: { statusCode?: number }) => {
        // Gone already, or being removed by another sweep: either way it will not run again.
        if (error.statusCode !== 404 && error.statusCode !== 409) throw error;
      });
  }

  /**
   * A shell with a TTY (colours, line editing, Ctrl-C) in a running environment. Closing it hangs
   * it up, as closing a terminal window does: Docker ends no exec when its connection drops, so
   * without this every reconnect would leave a shell behind, holding a pseudo-terminal that keeps
   * the environment from ever counting as idle (lifetime.ts).
   */
  async function openShell(request: ShellRequest): Promise<Shell> {
    const session = randomUUID();
    const exec = await containerOf(request.containerId).exec({
      Cmd: request.command,
      User: request.user,
      WorkingDir: request.workingDir,
      // A login-like environment: the user's home is the shell's folder (the container's HOME is /tmp).
      Env: Object.entries({
        TERM: 'xterm-256color',
        HOME: request.workingDir,
        USER: request.user,
        ...request.env,
        [TERMINAL_VARIABLE]: session,
      }).map(([k, v]) => `${k}=${v}`),
      Tty: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = await exec.start({ hijack: true, stdin: true, Tty: true });
    const resize = async (cols: number, rows: number) => {
      await exec.resize({ w: clampSize(cols, 500), h: clampSize(rows, 200) }).catch(() => {});
    };
    await resize(request.cols, request.rows);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      stream.destroy();
      // Every process of the session carries its id; SIGHUP them as the shell's own user.
      void execCollect({
        containerId: request.containerId,
        user: request.user,
        command: ['/bin/sh', '-c', HANG_UP, 'gauntlet-hang-up', `${TERMINAL_VARIABLE}=${session}`],
        timeoutMs: 5_000,
        outputBytes: 4_096,
      }).catch(() => {});
    };
    return { stream, resize, close };
  }

  /**
   * Runs a command to completion (the checks), with stdin, capped output and a wall-clock limit.
   * An exec cannot be killed through the API, so the command runs under the container's own
   * `timeout -s KILL`, and our timer stops waiting shortly after.
   */
  async function execCollect(request: ExecRequest): Promise<ExecResult> {
    const started = Date.now();
    let status: ExecResult['status'] = 'ok';
    let stream: Duplex | undefined;
    const stop = (why: ExecResult['status']) => {
      if (status === 'ok') status = why;
      stream?.destroy();
    };
    const stdout = new CappedSink(request.outputBytes, () => stop('output_limit'));
    const stderr = new CappedSink(request.outputBytes, () => stop('output_limit'));
    try {
      const seconds = String(Math.ceil(request.timeoutMs / 1000));
      const exec = await containerOf(request.containerId).exec({
        Cmd: ['timeout', '-s', 'KILL', seconds, ...request.command],
        User: request.user,
        Env: Object.entries(request.env ?? {}).map(([k, v]) => `${k}=${v}`),
        Tty: false,
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
      });
      stream = await exec.start({ hijack: true, stdin: true });
      docker.modem.demuxStream(stream, stdout, stderr);
      const finished = new Promise<void>((resolve) => {
        stream?.on('end', resolve);
        stream?.on('close', resolve);
        stream?.on('error', resolve);
      });
      stream.end(request.stdin ?? Buffer.alloc(0));
      const timer = setTimeout(() => stop('timeout'), request.timeoutMs + 2000);
      await finished.finally(() => clearTimeout(timer));
      const info = await exec.inspect();
      const exitCode = info.Running ? null : info.ExitCode;
      if (status === 'ok' && exitCode === 137) status = 'timeout';
      return { status, exitCode, stdout: stdout.text(), stderr: stderr.text(), wallMs: Date.now() - started };
    } catch (error) {
      return {
        status: 'error',
        exitCode: null,
        stdout: stdout.text(),
        stderr: stderr.text(),
        wallMs: Date.now() - started,
        errorMessage: (error as Error).message,
      };
    }
  }

  return { start, find, list, destroy, openShell, execCollect };
}

export type LiveEnvironments = ReturnType<typeof createLiveEnvironments>;

/** Starts a service as its user, detached: it runs until the container stops. */
async function startService(
  container: Docker.Container,
  service: LiveService,
  env: Record<string, string> = {},
): Promise<void> {
  const exec = await container.exec({
    Cmd: service.command,
    User: service.user,
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Tty: false,
  });
  await exec.start({ Detach: true });
}

/** Resolves on a `ready` line from the environment; rejects if it exits or the time runs out first. */
function waitForReadyLine(docker: Docker, stream: NodeJS.ReadWriteStream, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const done = (error?: Error) => {
      clearTimeout(timer);
      (stream as { destroy?: () => void }).destroy?.();
      if (error) reject(error);
      else resolve();
    };
    // Start-up output is small; past 64 KiB the rest is not kept.
    const watch = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        if (seen.length < 64 * 1024) seen += chunk.toString('utf8');
        if (seen.split('\n').some((line) => line.trim() === READY_LINE)) done();
        callback();
      },
    });
    const timer = setTimeout(
      () =>
        done(new LiveStartError(`the environment was not ready within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    docker.modem.demuxStream(stream, watch, watch);
    stream.on('end', () =>
      done(
        new LiveStartError(
          `the environment stopped while starting: ${seen.trim().slice(-500) || 'no output'}`,
        ),
      ),
    );
  });
}
