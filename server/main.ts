/** Runs Gauntlet: database, catalogue, queue, an in-process grading worker and the web app. */

import { connectDocker } from '../sandbox/index.ts';
import { createApp } from './app.ts';
import { startAtsResultPoster } from './ats/results.ts';
import { ChallengePackageError, loadCatalogue } from './challenges/load.ts';
import { createCollabServer } from './collab/server.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './database.ts';
import { joinGradingFleet } from './fleet.ts';
import { GRADING_QUEUE, pgBossQueue, startBoss } from './grading/queue.ts';
import type { ReadinessProbe } from './health.ts';
import { hostLiveEnvironments } from './live/host.ts';
import { createLogger, lineLog } from './logging.ts';
import { startMailer } from './mail/sender.ts';
import { deleteExpiredSessions } from './queries/sessions.ts';
import { eraseExpiredAttempts } from './retention/sweep.ts';
import { deleteEndedCounters } from './security/counters.ts';
import { seedDemo } from './seed.ts';
import { socketRoutes } from './socket-routes.ts';
import { attachSockets } from './sockets.ts';
import { startWebhookDispatcher } from './webhooks/dispatcher.ts';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
const log = lineLog(logger);
/** What a person starting Gauntlet reads (the address, the demo's credentials): plain lines, not logs. */
const say = (line: string) => process.stdout.write(`${line}\n`);

let catalogue: Awaited<ReturnType<typeof loadCatalogue>>;
try {
  catalogue = await loadCatalogue();
} catch (error) {
  if (error instanceof ChallengePackageError) {
    process.stderr.write(`Gauntlet cannot start: invalid challenge package\n  ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
log(`Loaded ${catalogue.challenges.size} challenge(s): ${[...catalogue.challenges.keys()].join(', ')}`);

const database = await openDatabase(config, log);
const boss = await startBoss(database.url);
const queue = pgBossQueue(boss, { db: database.db });
let stopWorker = async () => {};
if (config.IN_PROCESS_WORKER) {
  stopWorker = await joinGradingFleet({ config, db: database.db, boss, catalogue, log });
}

// Mail: the outbox is handed to pg-boss jobs that send it over SMTP_URL (held when unset), and
// unused invitations expiring within a day get their reminder.
const mailer = await startMailer({ config, db: database.db, boss, log });
// Webhooks: due deliveries are handed to pg-boss jobs, each a signed try with backoff for 24 hours.
const webhooks = await startWebhookDispatcher({ config, db: database.db, boss, log });
// Results owed to an ATS (a note on a Lever opportunity), posted with backoff for 24 hours.
const atsResults = startAtsResultPoster({ config, db: database.db, catalogue, log });

// Expired sessions are only refused at lookup; sweep their rows now and then, and the rate-limit
// counters whose window has ended (any API process may sweep: the delete is idempotent).
setInterval(() => void deleteExpiredSessions(database.db).catch(() => {}), 3600_000).unref();
setInterval(() => void deleteEndedCounters(database.db).catch(() => {}), 600_000).unref();
// Candidates' data past their organisation's retention period is erased hourly (see
// docs/data-retention.md): a plain interval like the sweeps above, since any API process may run it
// (each attempt is locked and erased once) and a missed hour only delays an erasure by an hour. The
// first sweep runs a minute after start, so a server restarted more often than hourly still sweeps.
const sweepRetention = () =>
  void eraseExpiredAttempts(database.db)
    .then((n) => n > 0 && log(`Retention: erased ${n} attempt(s) past their organisation's period`))
    .catch((error: unknown) => log(`retention sweep failed: ${String(error)}`));
setTimeout(sweepRetention, 60_000).unref();
setInterval(sweepRetention, 3600_000).unref();

const live = await hostLiveEnvironments({ config, db: database.db, catalogue, log });
const docker = connectDocker(config.DOCKER_HOST);
const probes: ReadinessProbe[] = [
  { name: 'database', check: () => database.db.query('select 1') },
  {
    name: 'queue',
    check: () => boss.getQueue(GRADING_QUEUE).then((q) => q ?? Promise.reject(new Error('no grading queue'))),
  },
  { name: 'docker', check: () => docker.ping() },
];
const deps = { config, db: database.db, catalogue, queue, live: live.manager, practice: live.practice };
const app = createApp(deps, { probes, logger });
const server = app.listen(config.PORT, () => {
  void (async () => {
    const base = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
    say(`\nGauntlet is running on ${base}`);
    if (config.SEED_DEMO) {
      const demo = await seedDemo(database.db, config, { catalogue });
      say(`  Hiring manager:  ${demo.managerEmail} / ${demo.managerPassword}`);
      say(`  Interviewer:     ${demo.interviewerEmail} / ${demo.interviewerPassword}`);
      say(`  Candidate link:  ${base}/invite/${demo.invitationToken}`);
      say(`  Live incidents:  ${base}/invite/${demo.incidentToken}`);
      if (demo.interview) {
        say(`  Live interview:  ${base}/invite/${demo.interview.token} (the candidate)`);
        say(`                   ${base}/staff/interviews/${demo.interview.id} (the interviewer's room)`);
      }
    }
  })().catch((error: unknown) => log(`demo seed failed: ${String(error)}`));
});
// Shared documents of live interviews, and every WebSocket (documents, terminals) on this server.
const collab = createCollabServer(deps, log);
const sockets = socketRoutes(deps, collab, log);
const stopSockets = attachSockets(server, sockets.routes, log);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`\n${signal}: stopping…`);
  stopSockets();
  sockets.close();
  // Shared documents are stored (and projected into the saved files) before the database stops.
  await collab.flush().catch(() => {});
  collab.close();
  live.stop();
  server.close();
  await stopWorker().catch(() => {});
  await mailer.stop().catch(() => {});
  await webhooks.stop().catch(() => {});
  await atsResults.stop().catch(() => {});
  await boss.stop({ graceful: true, timeout: 10_000 }).catch(() => {});
  await database.stop().catch(() => {});
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
