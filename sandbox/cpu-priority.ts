import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type Docker from 'dockerode';

/**
 * The platform before the sandboxes, when the CPU is short: every container of the engine's
 * default cgroup parent (`/docker`, the cgroupfs driver's) weighs 128 against the 1024 of each of
 * the platform's processes (API, PostgreSQL, workers), instead of the same. Under the 100-candidate
 * load (bench/load.ts) graders running back to back on both cores took the autosave p99 to 94 ms;
 * weighted, it was 20 ms with the queue wait unchanged or better: the weight only matters while
 * both want a core, and a grader then waits a few milliseconds instead of a candidate's keystroke.
 * The sandbox policy is untouched (each container keeps its own CPU cap, NanoCpus).
 *
 * Host tuning, for an engine on this machine only, as root (set-up runs it, and each worker and
 * API server again at start, since a reboot forgets it). It never fails the caller: it says what it
 * did, or why it could not.
 */
export const SANDBOX_CPU_SHARES = 128;
/** The same weight in cgroup v2's terms (1-10,000, 100 by default). */
export const SANDBOX_CPU_WEIGHT = Math.round((SANDBOX_CPU_SHARES / 1024) * 100);

export async function prioritisePlatform(
  docker: Docker,
  root = '/sys/fs/cgroup',
): Promise<{ applied: boolean; detail: string }> {
  try {
    const info = (await docker.info()) as { CgroupDriver?: string; CgroupVersion?: string };
    if (info.CgroupDriver !== 'cgroupfs') {
      return {
        applied: false,
        detail: `the engine's cgroup driver is ${info.CgroupDriver ?? 'unknown'}, not cgroupfs: give its containers a lower CPU weight there (docs/operations.md)`,
      };
    }
    if (info.CgroupVersion === '2') {
      // The cpu controller must be enabled for the root's children before /docker can be weighed.
      const control = `${root}/cgroup.subtree_control`;
      if (!(await readFile(control, 'utf8')).split(/\s+/).includes('cpu')) await writeFile(control, '+cpu');
      await mkdir(`${root}/docker`, { recursive: true });
      await writeFile(`${root}/docker/cpu.weight`, String(SANDBOX_CPU_WEIGHT));
      return { applied: true, detail: `${root}/docker/cpu.weight = ${SANDBOX_CPU_WEIGHT}` };
    }
    const cpu = existsSync(`${root}/cpu/cpu.shares`) ? `${root}/cpu` : `${root}/cpu,cpuacct`;
    await mkdir(`${cpu}/docker`, { recursive: true });
    await writeFile(`${cpu}/docker/cpu.shares`, String(SANDBOX_CPU_SHARES));
    return { applied: true, detail: `${cpu}/docker/cpu.shares = ${SANDBOX_CPU_SHARES}` };
  } catch (error) {
    return { applied: false, detail: `could not weigh the sandboxes' CPU: ${(error as Error).message}` };
  }
}
