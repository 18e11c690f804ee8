import { connectDocker, createLiveEnvironments } from '../../sandbox/index.ts';
import type { Catalogue } from '../challenges/load.ts';
import { appendServerEvents } from '../commands/append-server-events.ts';
import { type Config, sandboxCaps } from '../config.ts';
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
  const { config, db, catalogue, log } = options;
  const environments = createLiveEnvironments(connectDocker(config.DOCKER_HOST), {
    caps: sandboxCaps(config),
    scope: await platformScope(db),
  });
  // The practice's environments have a scope of their own: the live sweep never takes them for
  // orphans; both count against the one LIVE_MAX_ENVIRONMENTS.
  const practiceEnvironments = createLiveEnvironments(connectDocker(config.DOCKER_HOST), {
    caps: sandboxCaps(config),
    scope: `${await platformScope(db)}.practice`,
  });
  const manager = createLiveManager({
    db,
    catalogue,
    config,
    environments,
    log,
    alsoCounted: practiceEnvironments,
  });
  const practice = createPracticeManager({
    db,
    catalogue,
    config,
    environments: practiceEnvironments,
    assessmentEnvironments: environments,
    log,
  });
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
