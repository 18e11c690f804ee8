import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from './db/pool.ts';
import { forbidden } from './errors.ts';

/**
 * What an operator watches, at `/metrics` in Prometheus's text format (docs/operations.md has the
 * list and docs/alerts/gauntlet.rules.yml example alerts). Request figures are this process's;
 * everything about gradings, the queue and live environments is read from the database at each
 * scrape, so API hosts, worker hosts and restarts all report the same numbers.
 */
export interface Metrics {
  registry: Registry;
  /** Times each request by its route pattern (never its raw URL, which holds ids). */
  requests: RequestHandler;
  /** Counts replay events stored from candidates' pages. */
  replayEvents: Counter<'outcome'>;
}

/**
 * The matched route pattern (`/api/staff/attempts/:id`), never the raw URL: its mount point comes
 * from noteMount (req.baseUrl is reset once an error leaves the router); others are `unmatched`.
 */
export function routeLabel(req: Request, res: Response): string {
  const pattern = req.route?.path;
  const base = typeof res.locals.routeBase === 'string' ? res.locals.routeBase : '';
  return typeof pattern === 'string' ? `${base}${pattern}` : 'unmatched';
}

/** Notes where a router is mounted, for the request metrics' route label; use it before each router. */
export const noteMount: RequestHandler = (req, res, next) => {
  res.locals.routeBase = req.baseUrl;
  next();
};

export function createMetrics(db: Db): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gauntlet_' });

  const duration = new Histogram({
    name: 'gauntlet_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const requests: RequestHandler = (req, res, next) => {
    const end = duration.startTimer();
    res.on('finish', () => {
      end({
        method: req.method,
        route: routeLabel(req, res),
        status: `${Math.floor(res.statusCode / 100)}xx`,
      });
    });
    next();
  };

  const replayEvents = new Counter({
    name: 'gauntlet_replay_events_total',
    help: "Replay events received from candidates' pages, by outcome (stored, or refused with a 4xx)",
    labelNames: ['outcome'] as const,
    registers: [registry],
  });

  new Gauge({
    name: 'gauntlet_grading_queue_depth',
    help: 'Gradings waiting for a worker (queued) or being graded (running)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const { rows } = await db.query<{ status: string; n: number }>(
        `select s.status, count(g.id)::int as n from (values ('queued'), ('running')) as s (status)
         left join gradings g on g.status = s.status group by s.status`,
      );
      for (const row of rows) this.set({ status: row.status }, row.n);
    },
  });
  new Gauge({
    name: 'gauntlet_grading_queue_oldest_wait_seconds',
    help: 'How long the oldest grading still waiting for a worker has waited (0 when none waits)',
    registers: [registry],
    async collect() {
      const { rows } = await db.query<{ wait: number }>(
        `select coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as wait
         from gradings where status = 'queued'`,
      );
      this.set(rows[0]?.wait ?? 0);
    },
  });

  // Totals from the gradings table: monotonic like counters (gradings are never deleted but with
  // their organisation), and the same whichever host is scraped. A registry collects its metrics
  // concurrently, so the three gauges share one query per scrape.
  const totals = sharedFor(1_000, async () => {
    const { rows } = await db.query<{
      challenge: string;
      kind: string;
      outcome: string;
      n: number;
      seconds: number;
      waited: number;
    }>(
      `select challenge_slug as challenge, kind,
         case when tampering then 'tampering' else status end as outcome,
         count(*)::int as n,
         coalesce(sum(wall_ms), 0)::float8 / 1000 as seconds,
         coalesce(sum(extract(epoch from started_at - created_at)), 0)::float8 as waited
       from gradings where status in ('done', 'error', 'superseded') group by 1, 2, 3`,
    );
    return rows;
  });
  new Gauge({
    name: 'gauntlet_gradings_total',
    help: 'Finished gradings by challenge, kind (run or submit) and outcome (done, error, tampering, superseded)',
    labelNames: ['challenge', 'kind', 'outcome'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await totals())
        this.set({ challenge: row.challenge, kind: row.kind, outcome: row.outcome }, row.n);
    },
  });
  new Gauge({
    name: 'gauntlet_grading_seconds_sum',
    help: 'Seconds spent grading (sandbox wall time) by challenge; divide its rate by the count rate for a mean',
    labelNames: ['challenge'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await totals()) this.inc({ challenge: row.challenge }, row.seconds);
    },
  });
  new Gauge({
    name: 'gauntlet_grading_wait_seconds_sum',
    help: 'Seconds finished gradings waited in the queue before a worker took them, by challenge',
    labelNames: ['challenge'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await totals()) this.inc({ challenge: row.challenge }, row.waited);
    },
  });

  new Gauge({
    name: 'gauntlet_live_environments',
    help: 'Live environments by state (starting, ready; failed and ended ones in the last hour)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const { rows } = await db.query<{ state: string; n: number }>(
        `select s.state, count(e.id)::int as n
         from (values ('starting'), ('ready'), ('failed'), ('ended')) as s (state)
         left join live_environments e on e.status = s.state
           and (e.status in ('starting', 'ready') or coalesce(e.ended_at, e.created_at) > now() - interval '1 hour')
         group by s.state`,
      );
      for (const row of rows) this.set({ state: row.state }, row.n);
    },
  });

  return { registry, requests, replayEvents };
}

/**
 * Serves the registry. With METRICS_TOKEN set, a scraper sends it as a bearer token; without one,
 * only this machine may scrape (the figures say how busy the platform is, nothing about anyone).
 */
export function metricsEndpoint(metrics: Metrics, token: string | undefined): RequestHandler {
  return async (req, res, next) => {
    const loopback = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '');
    const allowed = token ? sameSecret(req.headers.authorization ?? '', `Bearer ${token}`) : loopback;
    if (!allowed) return next(forbidden('Metrics need the METRICS_TOKEN bearer token.'));
    try {
      res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
    } catch (error) {
      next(error);
    }
  };
}

/** Compares two secrets in constant time (their digests, so lengths leak nothing either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** `load`, its answer shared by every caller for `ms` after it was asked. */
function sharedFor<T>(ms: number, load: () => Promise<T>): () => Promise<T> {
  let pending: { at: number; answer: Promise<T> } | undefined;
  return () => {
    if (!pending || Date.now() - pending.at > ms) pending = { at: Date.now(), answer: load() };
    return pending.answer;
  };
}
