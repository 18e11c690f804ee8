import type Docker from 'dockerode';
import { createLiveEnvironments } from '../sandbox/index.ts';
import type { Catalogue } from '../server/challenges/load.ts';
import { liveStartRequest } from '../server/live/start-request.ts';
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
    // The very request the platform makes (server/live/start-request.ts).
    const env = await environments.start(
      liveStartRequest(challenge, `bench.${i}`, new Date(Date.now() + 10 * 60_000), 10),
    );
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
