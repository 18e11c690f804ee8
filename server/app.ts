import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import { apiDocsRoutes } from './api/docs.ts';
import type { AppDeps } from './deps.ts';
import { forbidden, notFound, renderErrors } from './errors.ts';
import { healthRoutes, type ReadinessProbe } from './health.ts';
import { createLogger, type Logger, lineLog, requestLogging } from './logging.ts';
import { createMetrics, metricsEndpoint, noteMount } from './metrics.ts';
import { accommodationRoutes } from './routes/accommodations.ts';
import { apiTokenRoutes } from './routes/api-tokens.ts';
import { assessmentRoutes } from './routes/assessments.ts';
import { atsConnectionRoutes, atsInboundRoutes } from './routes/ats.ts';
import { auditRoutes } from './routes/audit.ts';
import { candidateRoutes } from './routes/candidate.ts';
import { feedbackSettingRoutes } from './routes/feedback.ts';
import { interviewRoutes } from './routes/interviews.ts';
import { outboxRoutes } from './routes/outbox.ts';
import { practiceRoutes } from './routes/practice.ts';
import { publicApiRoutes } from './routes/public-api.ts';
import { replayRoutes } from './routes/replay.ts';
import { retentionRoutes } from './routes/retention.ts';
import { attemptReviewRoutes } from './routes/reviews.ts';
import { scimRoutes } from './routes/scim.ts';
import { similarityRoutes } from './routes/similarity.ts';
import { ssoRoutes } from './routes/sso.ts';
import { ssoSettingsRoutes } from './routes/sso-settings.ts';
import { staffRoutes } from './routes/staff.ts';
import { statisticsRoutes } from './routes/statistics.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { securityHeaders } from './security/headers.ts';

const CLIENT_DIST = path.resolve(import.meta.dirname, '../client/dist');

/** A state-changing request from another site's page is refused (cookies are SameSite=Lax too). */
const sameOrigin: RequestHandler = (req, _res, next) => {
  const origin = req.headers.origin;
  if (req.method === 'GET' || req.method === 'HEAD' || !origin) return next();
  const host = req.headers.host;
  try {
    if (host && new URL(origin).host === host) return next();
  } catch {
    // fall through: an unparsable Origin is refused like a foreign one
  }
  next(forbidden('Cross-site requests are not accepted.'));
};

/** Builds the HTTP app without listening; main.ts wires and listens, tests use a random port. */
export function createApp(
  deps: AppDeps,
  options: { clientDist?: string; probes?: readonly ReadinessProbe[]; logger?: Logger } = {},
): Express {
  const app = express();
  app.disable('x-powered-by');
  // Only the proxies the operator names are believed about the client's address (rate limits, audit).
  app.set('trust proxy', deps.config.TRUST_PROXY > 0 ? deps.config.TRUST_PROXY : false);
  app.use(securityHeaders({ secureCookies: deps.config.SECURE_COOKIES }));
  const probes = options.probes ?? [{ name: 'database', check: () => deps.db.query('select 1') }];
  const logger = options.logger ?? createLogger('silent');
  app.use(healthRoutes(probes, lineLog(logger)));
  // After the health routes: a load balancer's probes every few seconds are not worth a line each.
  app.use(requestLogging(logger));
  const metrics = createMetrics(deps.db);
  app.use(metrics.requests);
  app.get('/metrics', metricsEndpoint(metrics, deps.config.METRICS_TOKEN));
  // Bodies are bounded: a submission is at most 2 MiB of file content, plus JSON overhead.
  // The generic ATS endpoint checks a signature over the exact bytes sent: it reads them raw.
  app.use('/api/ats/inbound', express.raw({ type: () => true, limit: '64kb' }));
  app.use('/api', express.json({ limit: '3mb' }), sameOrigin);
  app.use('/api/staff', noteMount, staffRoutes(deps));
  app.use('/api/staff', noteMount, assessmentRoutes(deps), attemptReviewRoutes(deps));
  app.use('/api/staff', noteMount, statisticsRoutes(deps));
  app.use(
    '/api/staff',
    noteMount,
    replayRoutes(deps),
    auditRoutes(deps),
    outboxRoutes(deps),
    interviewRoutes(deps),
  );
  app.use('/api/candidate', noteMount, candidateRoutes(deps, metrics));
  app.use('/api/candidate', noteMount, practiceRoutes(deps));
  app.use('/api/auth', noteMount, ssoRoutes(deps));
  app.use('/api/staff', noteMount, ssoSettingsRoutes(deps));
  app.use('/api/staff', noteMount, webhookRoutes(deps));
  app.use('/api/staff', noteMount, apiTokenRoutes(deps));
  app.use('/api/staff', noteMount, accommodationRoutes(deps));
  app.use('/api/staff', noteMount, similarityRoutes(deps));
  app.use('/api/staff', noteMount, atsConnectionRoutes(deps));
  app.use('/api/staff', noteMount, retentionRoutes(deps));
  app.use('/api/staff', noteMount, feedbackSettingRoutes(deps));
  // Applicant tracking systems: each proves itself (an API token, or its connection's signature).
  app.use('/api/ats', noteMount, atsInboundRoutes(deps));
  // Token-only: no route under /api/v1 reads a cookie, so no other site's page can act through it.
  app.use('/api/v1', noteMount, publicApiRoutes(deps));
  app.use('/api', apiDocsRoutes());
  app.get('/api/health', (_req, res) => {
    res.json({ ok: true });
  });
  // SCIM: bearer token only, its own body parser and SCIM-shaped errors.
  app.use('/scim/v2', noteMount, scimRoutes(deps));
  app.use('/api', (req, _res, next) => next(notFound(`${req.method} ${req.originalUrl}`, 'no_such_route')));

  const clientDist = options.clientDist ?? CLIENT_DIST;
  if (existsSync(clientDist)) {
    app.use(express.static(clientDist, { index: false, maxAge: '1h' }));
    // The client routes itself; every other GET gets the app shell.
    app.get(/.*/, (_req, res) => {
      res.set('Cache-Control', 'no-cache').sendFile(path.join(clientDist, 'index.html'));
    });
  }
  app.use(renderErrors);
  return app;
}
