import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { prioritisePlatform, SANDBOX_CPU_SHARES, SANDBOX_CPU_WEIGHT } from '../../sandbox/cpu-priority.ts';
import { imageTag } from '../../sandbox/images/build.ts';
import { createSandbox } from '../../sandbox/index.ts';
import { requireDocker } from '../support/docker.ts';

/**
 * The platform before the sandboxes when the CPU is short (sandbox/cpu-priority.ts): on this
 * machine's real engine, the weight is set where its containers' cgroups are made, and a sandbox
 * container really runs under it; on fake cgroup trees, cgroup v2 and a systemd driver.
 */
const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

describe('the sandboxes’ CPU weight', () => {
  it('weighs this machine’s sandbox containers at 128 of 1024, where the engine puts them', async () => {
    const docker = await requireDocker();
    const info = (await docker.info()) as { CgroupDriver: string; CgroupVersion: string };
    // This machine (and CI, the same kind): cgroup v1, the cgroupfs driver.
    expect([info.CgroupDriver, info.CgroupVersion]).toEqual(['cgroupfs', '1']);
    // From the default weight, so a write that did nothing could not pass on what set-up left.
    await writeFile('/sys/fs/cgroup/cpu/docker/cpu.shares', '1024');
    const weighed = await prioritisePlatform(docker);
    expect(weighed).toEqual({
      applied: true,
      detail: `/sys/fs/cgroup/cpu/docker/cpu.shares = ${SANDBOX_CPU_SHARES}`,
    });
    expect((await readFile('/sys/fs/cgroup/cpu/docker/cpu.shares', 'utf8')).trim()).toBe('128');
    // A grader's container, as the sandbox runs it, reads its own cgroup: under /docker.
    const run = await createSandbox({ docker }).run({
      image: imageTag('grader-node'),
      command: ['cat', '/proc/self/cgroup'],
      files: [],
      workDirs: ['/workspace'],
    });
    expect(run.status).toBe('ok');
    expect(run.stdout).toMatch(/^\d+:cpu,cpuacct:\/docker\/[0-9a-f]{64}$|^\d+:cpu:\/docker\/[0-9a-f]{64}$/m);
  });

  const fakeDocker = (info: object) => ({ info: async () => info }) as unknown as Docker;

  it('on cgroup v2 enables the cpu controller for /docker and sets its weight', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'gauntlet-cgroup-'));
    roots.push(root);
    await writeFile(path.join(root, 'cgroup.subtree_control'), 'memory pids\n');
    const weighed = await prioritisePlatform(
      fakeDocker({ CgroupDriver: 'cgroupfs', CgroupVersion: '2' }),
      root,
    );
    expect(weighed.applied).toBe(true);
    expect(await readFile(path.join(root, 'cgroup.subtree_control'), 'utf8')).toBe('+cpu');
    expect(await readFile(path.join(root, 'docker/cpu.weight'), 'utf8')).toBe(String(SANDBOX_CPU_WEIGHT));
    expect(SANDBOX_CPU_WEIGHT).toBe(13);
  });

  it('leaves a systemd-driven engine alone and says why', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'gauntlet-cgroup-'));
    roots.push(root);
    await mkdir(path.join(root, 'cpu'), { recursive: true });
    const weighed = await prioritisePlatform(
      fakeDocker({ CgroupDriver: 'systemd', CgroupVersion: '2' }),
      root,
    );
    expect(weighed).toEqual({
      applied: false,
      detail:
        "the engine's cgroup driver is systemd, not cgroupfs: give its containers a lower CPU weight there (docs/operations.md)",
    });
  });
});
