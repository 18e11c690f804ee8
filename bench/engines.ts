/**
 * Live environments on two engines (#19 point 4): time to ready of a live environment on this
 * machine's engine and on a second dockerd started here (its own socket, data root and exec root),
 * measured side by side, alternating, with the platform's own placement deciding where each goes
 * (the engine with the most room; both given room for all). Both engines share this machine's two
 * cores, so the figures say what a second engine costs, not what a second host would give.
 * Run alone: `node bench/engines.ts [rounds=10]`, which prints the figures as JSON and writes
 * bench/engines.json.
 */
import { writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { imageTag } from '../sandbox/images/build.ts';
import { connectDocker, createLiveEnvironments } from '../sandbox/index.ts';
import { type Catalogue, loadCatalogue } from '../server/challenges/load.ts';
import { liveStartRequest } from '../server/live/start-request.ts';
import { startSecondEngine } from '../test/support/second-engine.ts';
import { type Summary, summarize } from './stats.ts';

export interface EnginesBenchResult {
  rounds: number;
  /** Per challenge and engine: time to the environment's `ready` line, in ms. */
  ready: Record<string, Record<string, Summary>>;
}

const SLUGS = ['bad-gateway', 'pegged-database'];

export async function measureEngines(options: {
  docker: Docker;
  catalogue: Catalogue;
  rounds: number;
}): Promise<EnginesBenchResult> {
  const second = await startSecondEngine({
    from: options.docker,
    tags: [imageTag('live-web'), imageTag('live-postgres')],
  });
  try {
    const engines = [
      { name: 'a', environments: createLiveEnvironments(options.docker, { scope: 'bench-engines' }) },
      { name: 'b', environments: createLiveEnvironments(second.docker, { scope: 'bench-engines' }) },
    ];
    const ready: Record<string, Record<string, number[]>> = {};
    for (const slug of SLUGS) {
      const challenge = options.catalogue.challenges.get(slug);
      if (!challenge) throw new Error(`${slug} is not in the catalogue`);
      ready[slug] = { a: [], b: [] };
      for (let i = 0; i < options.rounds; i++) {
        // Alternating which engine goes first, so neither always starts on a machine just warmed.
        const order = i % 2 === 0 ? engines : [...engines].reverse();
        for (const engine of order) {
          const started = performance.now();
          const env = await engine.environments.start(
            liveStartRequest(
              challenge,
              `bench.${slug}.${engine.name}.${i}`,
              new Date(Date.now() + 10 * 60_000),
              10,
            ),
          );
          ready[slug]?.[engine.name]?.push(performance.now() - started);
          await engine.environments.destroy(env.containerId);
        }
      }
    }
    return {
      rounds: options.rounds,
      ready: Object.fromEntries(
        Object.entries(ready).map(([slug, byEngine]) => [
          slug,
          Object.fromEntries(Object.entries(byEngine).map(([engine, times]) => [engine, summarize(times)])),
        ]),
      ),
    };
  } finally {
    await second.stop();
  }
}

if (import.meta.main) {
  const rounds = Number(process.argv[2] ?? 10);
  const result = await measureEngines({
    docker: connectDocker(process.env.DOCKER_HOST),
    catalogue: await loadCatalogue(),
    rounds,
  });
  const figures = {
    measuredAt: new Date().toISOString(),
    machine: { host: hostname(), cpus: cpus().length, node: process.version, loadavg: loadavg() },
    unit: 'ms',
    ...result,
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  writeFileSync(path.join(import.meta.dirname, 'engines.json'), `${JSON.stringify(figures, null, 2)}\n`);
  process.exit(0);
}
