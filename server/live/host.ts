import type Docker from 'dockerode';
import { connectDocker, createLiveEnvironments } from '../../sandbox/index.ts';
import type { Catalogue } from '../challenges/load.ts';
import { appendServerEvents } from '../commands/append-server-events.ts';
import { type Config, liveEngines, sandboxCaps } from '../config.ts';
import type { Db } from '../db/pool.ts';
import type { LogLine } from '../logging.ts';
import { createPracticeManager } from '../practice/manager.ts';
import { platformScope } from '../queries/platform.ts';
import { createLiveManager, type ReadyEnvironment } from './manager.ts';
import type { AppendTerminalEvents } from './terminal-recorder.ts';

const SWEEP_MS = 30_000;

/** Stores an environment's terminal streams in its attempt's replay log. */
export const recordTerminalInto =
  (db: Db) =>
  (env: ReadyEnvironment): AppendTerminalEvents =>
  (events) =>
    appendServerEvents(db, {
      organisationId: env.row.organisationId,
      attemptId: env.row.attemptId,
      challengeSlug: env.row.challengeSlug,
      events,
    });

/**
 * The assessments' live environments on every engine of LIVE_DOCKER_HOSTS (or the one engine), and
 * the practice's on the first: each set in a scope of its own (the live sweep never takes a practice
 * container for an orphan), the practice counted against the first engine's capacity with the
 * assessments' there. The server and the tests wire them the same way through here; `docker`, when
 * given, is the first engine's connection.
 */
export async function createLiveManagers(options: {
  config: Config;
  db: Db;
  catalogue: Catalogue;
  docker?: Docker;
  log?: LogLine;
}) {
  const { config, db, catalogue, log } = options;
  const scope = await platformScope(db);
  const caps = sandboxCaps(config);
  const engines = liveEngines(config).map((engine, index) => {
    const docker = index === 0 && options.docker ? options.docker : connectDocker(engine.url);
    return { ...engine, docker, environments: createLiveEnvironments(docker, { caps, scope }) };
  });
  const [first] = engines;
  if (!first) throw new Error('LIVE_DOCKER_HOSTS lists no engine');
  const { environments } = first;
  const practiceEnvironments = createLiveEnvironments(first.docker, { caps, scope: `${scope}.practice` });
  const managerDeps = {
    db,
    catalogue,
    config,
    environments,
    engines: engines.map(({ name, capacity, environments }, index) => ({
      name,
      capacity,
      environments,
      alsoCounted: index === 0 ? practiceEnvironments : undefined,
    })),
    alsoCounted: practiceEnvironments,
    ...(log ? { log } : {}),
  };
  const manager = createLiveManager(managerDeps);
  const practice = createPracticeManager({
    db,
    catalogue,
    config,
    environments: practiceEnvironments,
    assessmentEnvironments: environments,
    capacity: first.capacity,
    ...(log ? { log } : {}),
  });
  return { environments, engines, manager, managerDeps, practice };
}

/**
 * Everything a web server needs to host live environments: the manager the routes use, the
 * terminal WebSocket on its HTTP server, and a sweep that stops submitted, expired, idle and
 * orphaned environments (once at start, which is how a restarted server reaps what it left).
 */
export async function hostLiveEnvironments(options: {
  config: Config;
  db: Db;
  catalogue: Catalogue;
  log: LogLine;
}) {
  const { log } = options;
  const { environments, manager, practice } = await createLiveManagers(options);
  const sweep = () =>
    Promise.all([
      manager.sweep().catch((error: unknown) => log(`live environment sweep failed: ${String(error)}`)),
      practice.sweep().catch((error: unknown) => log(`practice sweep failed: ${String(error)}`)),
    ]);
  void sweep();
  const timer = setInterval(sweep, SWEEP_MS);
  timer.unref();
  return {
    manager,
    practice,
    environments,
    stop() {
      clearInterval(timer);
    },
  };
}
