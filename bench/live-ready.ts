import type Docker from 'dockerode';
import { imageTag } from '../sandbox/images/build.ts';
import { createLiveEnvironments } from '../sandbox/live.ts';
import type { Catalogue } from '../server/challenges/load.ts';
import { summarize } from './stats.ts';

/**
 * Time to ready of a live environment: create → start → the environment's own `ready` line (for
 * pegged-database: the baked cluster copied to tmpfs, PostgreSQL up, the workload pegging it), then
 * the first byte of a shell, as the candidate's terminal would open it. One at a time, removed after.
 */
export async function measureLiveReady(options: { docker: Docker; catalogue: Catalogue; rounds: number }) {
  const challenge = options.catalogue.challenges.get('pegged-database');
  const live = challenge?.manifest.live;
  if (!challenge || !live) throw new Error('pegged-database is not in the catalogue');
  const environments = createLiveEnvironments(options.docker, { scope: 'bench' });
  const ready: number[] = [];
  const shell: number[] = [];
  for (let i = 0; i < options.rounds; i++) {
    const started = performance.now();
    const env = await environments.start({
      key: `bench.${i}`,
      image: imageTag(challenge.manifest.sandbox.image),
      command: challenge.manifest.sandbox.command,
      user: live.user,
      mounts: live.mounts.map((m) => ({ ...m, sizeBytes: m.sizeMb * 1024 * 1024 })),
      limits: { memoryBytes: challenge.manifest.sandbox.memoryMb * 1024 * 1024, fileSizeBytes: 1024 ** 3 },
      deadline: new Date(Date.now() + 10 * 60_000),
      readyTimeoutMs: live.readyTimeoutSeconds * 1000,
    });
    ready.push(performance.now() - started);
    try {
      const opened = await environments.openShell({
        containerId: env.containerId,
        user: live.shell.user,
        command: live.shell.command,
        workingDir: live.shell.workingDir,
        cols: 80,
        rows: 24,
      });
      await new Promise((resolve) => opened.stream.once('data', resolve));
      shell.push(performance.now() - started);
      opened.close();
    } finally {
      await environments.destroy(env.containerId);
    }
  }
  return { ready: summarize(ready), firstPrompt: summarize(shell) };
}
