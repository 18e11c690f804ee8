import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import WebSocket from 'ws';
import type { LiveEnvironments } from '../../sandbox/live.ts';
import { createSandbox } from '../../sandbox/run.ts';
import { createApp } from '../../server/app.ts';
import { type Catalogue, loadCatalogue } from '../../server/challenges/load.ts';
import type { VariantSeed } from '../../server/challenges/parameters.ts';
import { challengeVariant } from '../../server/challenges/variants.ts';
import { type CollabServer, createCollabServer } from '../../server/collab/server.ts';
import { type Config, configWith } from '../../server/config.ts';
import type { Db } from '../../server/db/pool.ts';
import type { GradingQueue } from '../../server/deps.ts';
import { gradeJob } from '../../server/grading/worker.ts';
import { runLiveChecks } from '../../server/live/checks.ts';
import { createLiveManagers } from '../../server/live/host.ts';
import { environmentKey, type LiveManager, type LiveManagerDeps } from '../../server/live/manager.ts';
import type { PracticeManager } from '../../server/practice/manager.ts';
import { findGrading } from '../../server/queries/gradings.ts';
import { socketRoutes } from '../../server/socket-routes.ts';
import { attachSockets } from '../../server/sockets.ts';
import { recordingQueue } from './app.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { requireDocker } from './docker.ts';
import { createOrganisation, type TestOrganisation } from './factories.ts';
import { Client } from './http.ts';

/**
 * The checks a live incident's candidate fails by doing nothing (the starter note, nothing fixed),
 * sorted as failedChecks returns them. Every hidden fault must fail exactly these: a variant that
 * left one working would tell the candidate where not to look.
 */
export const FAILED_BY_DOING_NOTHING: Record<string, readonly string[]> = {
  'bad-gateway': ['answers-200', 'incident-note', 'log-space', 'through-the-api'],
  // The pegged API manages about 12 of its 50 lookups a second: traffic is not flowing either.
  'pegged-database': [
    'api-latency',
    'incident-note',
    'index-plan',
    'runaway-ended',
    'statistics-current',
    'traffic-flowing',
  ],
};

export interface LiveTestApp {
  baseUrl: string;
  /** The shared documents of live interviews (a test may drop every connection). */
  collab: CollabServer;
  catalogue: Catalogue;
  environments: LiveEnvironments;
  manager: LiveManager;
  /** The practice before the clock, in its own scope of environments. */
  practice: PracticeManager;
  /** What the manager was built from, to build another (other options) over the same platform. */
  managerDeps: LiveManagerDeps;
  /** Each engine of LIVE_DOCKER_HOSTS (one, `local`, by default) and its environments. */
  engines: { name: string; environments: LiveEnvironments }[];
  queue: ReturnType<typeof recordingQueue>;
  client(): Client;
  /** Grades a queued grading the way a worker does, with this engine's live environments. */
  grade(gradingId: string): Promise<NonNullable<Awaited<ReturnType<typeof findGrading>>>>;
  close(): Promise<void>;
}

/** The real app with live environments on the real engine, its terminals served on a random port. */
export async function startLiveTestApp(
  db: Db,
  options: {
    maxEnvironments?: number;
    clientDist?: string;
    /** Settings over the tests' defaults (LIVE_DOCKER_HOSTS for many engines). */
    config?: Partial<Record<keyof Config, string>>;
    /** The grading queue (default: one that records what was queued). */
    queue?: GradingQueue;
  } = {},
): Promise<LiveTestApp> {
  const docker = await requireDocker();
  const config = configWith({
    SESSION_SECRET: 'test-secret-test-secret',
    LIVE_MAX_ENVIRONMENTS: String(options.maxEnvironments ?? 4),
    ...options.config,
  });
  const catalogue = await loadCatalogue();
  const { environments, engines, manager, managerDeps, practice } = await createLiveManagers({
    config,
    db,
    catalogue,
    docker,
  });
  const queue = recordingQueue();
  const deps = { config, db, catalogue, queue: options.queue ?? queue, live: manager, practice };
  const app = createApp(deps, { clientDist: options.clientDist ?? '/nonexistent' });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  // Every socket main.ts serves: the terminals and the shared documents of live interviews.
  const collab = createCollabServer(deps);
  const sockets = socketRoutes(deps, collab);
  const stopSockets = attachSockets(server, sockets.routes);
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sandbox = createSandbox({ docker });
  return {
    baseUrl,
    collab,
    catalogue,
    environments,
    manager,
    practice,
    managerDeps,
    engines,
    queue,
    client: () => new Client(baseUrl),
    async grade(gradingId) {
      await gradeJob(
        { db, sandbox, catalogue, live: environments },
        { gradingId, jobId: 'test', retryCount: 0 },
      );
      const grading = await findGrading(db, gradingId);
      if (!grading) throw new Error(`grading ${gradingId} vanished`);
      return grading;
    },
    async close() {
      stopSockets();
      sockets.close();
      await collab.flush();
      collab.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      for (const engine of engines)
        for (const env of await engine.environments.list())
          await engine.environments.destroy(env.containerId);
      for (const env of await practice.environments.list())
        await practice.environments.destroy(env.containerId);
    },
  };
}

/** A terminal as the page opens it: a WebSocket with the candidate's cookie, from the app's origin. */
export class TestTerminal {
  readonly ws: WebSocket;
  private output = '';
  /** The text frames the server sent (a live interview's keyboard state), parsed, in order. */
  readonly controls: unknown[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data, isBinary) => {
      if (isBinary) this.output += Buffer.from(data as Buffer).toString('utf8');
      else this.controls.push(JSON.parse(Buffer.from(data as Buffer).toString('utf8')));
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static async open(
    app: { baseUrl: string },
    client: Client,
    slug: string,
    headers: Record<string, string> = {},
  ): Promise<TestTerminal> {
    return TestTerminal.openAt(app, client, `/api/candidate/attempt/challenges/${slug}/terminal`, headers);
  }

  /** A terminal socket at any path (staff on a live interview's shared terminal). */
  static async openAt(
    app: { baseUrl: string },
    client: Client,
    path: string,
    headers: Record<string, string> = {},
  ): Promise<TestTerminal> {
    const url = `${app.baseUrl.replace('http', 'ws')}${path}?cols=120&rows=40`;
    const ws = new WebSocket(url, {
      headers: { cookie: client.cookieHeader(), origin: app.baseUrl, ...headers },
    });
    // Listening before the socket opens: a shared terminal sends its scrollback and keyboard state
    // at once, and ws may deliver them before an await after 'open' would resume.
    const terminal = new TestTerminal(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`terminal refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
    return terminal;
  }

  type(text: string): void {
    this.ws.send(Buffer.from(text), { binary: true });
  }

  /** Sends a control message (a text frame), like the keyboard hand-over buttons. */
  control(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  /** Waits for a control message the predicate accepts, and returns it. */
  async waitForControl<T>(accept: (message: T) => boolean, timeoutMs = 10_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = (this.controls as T[]).find(accept);
      if (found) return found;
      if (Date.now() > until) expect.fail(`no such control message; got ${JSON.stringify(this.controls)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Waits until the text (see `text`) matches, and returns it. */
  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    while (!pattern.test(this.text())) {
      if (Date.now() > until)
        expect.fail(`terminal never showed ${pattern}; it showed:\n${this.text().slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.text();
  }

  /** The output since the last `clear` as a reader sees it: no escape sequences, lines end in \n. */
  text(): string {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are the point
    return this.output.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replaceAll('\r', '');
  }

  clear(): void {
    this.output = '';
  }

  close(): void {
    this.ws.close();
  }
}

/**
 * A candidate inside a live challenge: their environment started through the API, a way to run
 * commands as any user of it (the candidate's own moves), and the checks' verdict on it as it is.
 */
export async function candidateInEnvironment(
  app: LiveTestApp,
  token: string,
  attemptId: string,
  slug: string,
  /** The invitation's variant seed (#17): the checks run as the worker runs them, for that variant. */
  variantSeed: VariantSeed = null,
) {
  const client = await startedCandidate(app, token);
  expect((await client.post(`/api/candidate/attempt/challenges/${slug}/environment`)).body).toMatchObject({
    status: 'ready',
  });
  const key = environmentKey(attemptId, slug);
  const containerId = (await app.environments.find(key)) ?? '';
  const packaged = app.catalogue.challenges.get(slug);
  if (!packaged) throw new Error(`${slug} is missing`);
  const challenge = challengeVariant(packaged, variantSeed);
  return {
    client,
    key,
    /** Runs a shell command as `user` and returns its output; a failing command fails the test. */
    async run(user: string, command: string) {
      const result = await app.environments.execCollect({
        containerId,
        user,
        command: ['bash', '-c', command],
        timeoutMs: 60_000,
        outputBytes: 64 * 1024,
      });
      expect(result.exitCode, `${command}: ${result.stderr}`).toBe(0);
      return result.stdout;
    },
    /** The ids of the checks that fail on the environment as it is now, with these files. */
    async failedChecks(files: { path: string; content: string }[]) {
      const outcome = await runLiveChecks({ environments: app.environments, challenge, files, key });
      if (outcome.kind !== 'judged')
        throw new Error(`expected a judgement, got ${outcome.kind}: ${outcome.error}`);
      return outcome.checks
        .filter((c) => !c.passed)
        .map((c) => c.id)
        .sort();
    },
  };
}

/** A candidate who opened their link and started an assessment holding `slug`. */
export async function startedCandidate(app: LiveTestApp, token: string) {
  const client = app.client();
  expect((await client.post('/api/candidate/enter', { token })).status).toBe(204);
  expect((await client.post('/api/candidate/attempt/start')).status).toBe(200);
  return client;
}

/**
 * A test file's live platform: a fresh database, the app with live environments, and an
 * organisation whose assessment holds `slugs`. After each test its environments end (the attempts
 * are submitted and the sweep stops them); after the file everything is removed.
 */
export function setUpLivePlatform(slugs: string[], options: Parameters<typeof startLiveTestApp>[1] = {}) {
  const live = {} as { database: TestDatabase; app: LiveTestApp; org: TestOrganisation };
  beforeAll(async () => {
    live.database = await createTestDatabase();
    live.app = await startLiveTestApp(live.database.db, options);
    live.org = await createOrganisation(live.database.db, slugs);
  });
  afterEach(async () => {
    await live.database.db.query('update attempts set submitted_at = now() where organisation_id = $1', [
      live.org.organisationId,
    ]);
    await live.app.manager.sweep();
  });
  afterAll(async () => {
    await live.app?.close();
    await live.database?.drop();
  });
  return live;
}
