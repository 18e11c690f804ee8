import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageTag } from '../../sandbox/images/build.ts';
import { createLiveEnvironments, type LiveStartRequest } from '../../sandbox/live.ts';
import { requireDocker } from '../support/docker.ts';

/**
 * A live environment ends itself, with no Gauntlet process left to stop it: nothing here runs a
 * sweep or a reaper; only the container's own guard (sandbox/lifetime.ts) can stop it.
 */
let docker: Docker;
let environments: ReturnType<typeof createLiveEnvironments>;
const started: string[] = [];

beforeAll(async () => {
  docker = await requireDocker();
  environments = createLiveEnvironments(docker, { scope: `lifetime-test-${process.pid}` });
});
afterAll(async () => {
  for (const id of started)
    await docker
      .getContainer(id)
      .remove({ force: true })
      .catch(() => {});
});

/** A small environment on the bad-gateway image: it prints `ready` and then waits for ever. */
async function startEnvironment(limits: { deadlineInMs: number; idleSeconds: number }) {
  const request: LiveStartRequest = {
    key: `lifetime-${started.length}-${Date.now()}`,
    image: imageTag('live-web'),
    command: ['/bin/sh', '-c', 'echo ready; exec sleep 3600'],
    user: '65534:65534',
    mounts: [],
    deadline: new Date(Date.now() + limits.deadlineInMs),
    idleSeconds: limits.idleSeconds,
    lifetimePollSeconds: 1,
    readyTimeoutMs: 20_000,
  };
  const environment = await environments.start(request);
  started.push(environment.containerId);
  return environment.containerId;
}

const running = async (id: string) => (await docker.getContainer(id).inspect()).State.Running;

/** Waits until the container stops by itself; returns how long that took, or fails after `withinMs`. */
async function stopsWithin(id: string, withinMs: number): Promise<number> {
  const from = Date.now();
  while (Date.now() - from < withinMs) {
    if (!(await running(id))) return Date.now() - from;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`container ${id.slice(0, 12)} still running after ${withinMs} ms`);
}

/** The guard ends with status 0; the start command (a sleep of an hour) would not have ended. */
const exitCode = async (id: string) => (await docker.getContainer(id).inspect()).State.ExitCode;

describe('a live environment on its own', () => {
  it('stops itself at its deadline, though a terminal is attached', async () => {
    const id = await startEnvironment({ deadlineInMs: 5_000, idleSeconds: 3_600 });
    const terminal = await environments.openShell({
      containerId: id,
      user: '65534:65534',
      command: ['/bin/sh'],
      workingDir: '/',
      cols: 80,
      rows: 24,
    });
    try {
      await stopsWithin(id, 15_000);
    } finally {
      terminal.close();
    }
    expect(await exitCode(id)).toBe(0);
  });

  it('keeps running while a terminal is attached, hangs the closed terminal up, then stops itself after the idle limit', async () => {
    const id = await startEnvironment({ deadlineInMs: 10 * 60_000, idleSeconds: 3 });
    const terminal = await environments.openShell({
      containerId: id,
      user: '65534:65534',
      command: ['/bin/sh'],
      workingDir: '/',
      cols: 80,
      rows: 24,
    });
    // Attached well past the idle limit: it keeps running.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(await running(id)).toBe(true);
    terminal.close();
    const after = await stopsWithin(id, 15_000);
    expect(after).toBeGreaterThanOrEqual(2_000);
    expect(await exitCode(id)).toBe(0);
  });
});
