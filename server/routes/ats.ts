/**
 * Applicant tracking systems. Inbound (no session; each proves itself): Greenhouse's Assessment
 * Partner API with an organisation's API token, Lever's signed stage-change webhook, and a generic
 * endpoint for any other ATS signed per Standard Webhooks. Managers add and remove the Lever and
 * generic connections from the staff API; a connection's secrets are never shown again, except the
 * generic key, once, when Gauntlet makes it.
 */
import { Router } from 'express';
import { Webhook } from 'standardwebhooks';
import {
  type AtsConnectionRow,
  deleteAtsConnection,
  findAtsConnection,
  insertAtsConnection,
  listAtsConnections,
  newInboundSecret,
  secretPurpose,
} from '../ats/connections.ts';
import { greenhouseRoutes } from '../ats/greenhouse.ts';
import { inviteFromAts, noteIgnored } from '../ats/inbound.ts';
import {
  fetchLeverCandidate,
  leverSecretsSchema,
  leverSettingsSchema,
  leverWebhookSchema,
  verifyLeverSignature,
} from '../ats/lever.ts';
import { idParam, requireManager } from '../auth/roles.ts';
import { secretsKeyOf } from '../config.ts';
import {
  type AtsConnection,
  type CreatedAtsConnection,
  createAtsConnectionSchema,
  genericInboundSchema,
} from '../contract/ats.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError, notFound } from '../errors.ts';
import { findAssessment } from '../queries/assessments.ts';
import { auditActor, audited } from '../security/audit.ts';
import { clientIp } from '../security/rate-limit.ts';
import { createSecretBox } from '../security/secrets.ts';
import { checkTargetUrl } from '../webhooks/targets.ts';

const refusedSignature = () =>
  new HttpError(401, 'invalid_signature', 'The message is not signed with this connection’s secret.');

function presentConnection(deps: AppDeps, c: AtsConnectionRow): AtsConnection {
  const base = deps.config.PUBLIC_URL?.replace(/\/$/, '') ?? '';
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    assessmentId: c.assessmentId,
    assessmentTitle: c.assessmentTitle,
    inboundUrl: `${base}/api/ats/${c.kind === 'lever' ? 'lever' : 'inbound'}/${c.id}`,
    stageId: typeof c.settings.stageId === 'string' ? c.settings.stageId : null,
    createdAt: c.createdAt.toISOString(),
  };
}

/** The connection an inbound URL names, of the kind the URL says; 404 for anything else. */
async function connectionOf(deps: AppDeps, id: string | undefined, kind: AtsConnectionRow['kind']) {
  const connection = await findAtsConnection(deps.db, idParam(id, 'The connection'));
  if (!connection || connection.kind !== kind) throw notFound('The connection');
  return connection;
}

/** Inbound routes, mounted at /api/ats. The generic one needs its raw body (see app.ts). */
export function atsInboundRoutes(deps: AppDeps): Router {
  const router = Router();
  const box = createSecretBox(secretsKeyOf(deps.config));
  router.use('/greenhouse', greenhouseRoutes(deps));

  router.post('/lever/:id', async (req, res) => {
    const connection = await connectionOf(deps, req.params.id, 'lever');
    const message = leverWebhookSchema.parse(req.body);
    const secrets = leverSecretsSchema.parse(
      JSON.parse(box.open(connection.secretSealed, secretPurpose(connection.id))),
    );
    if (!verifyLeverSignature(message, secrets.signatureToken)) throw refusedSignature();
    const settings = leverSettingsSchema.parse(connection.settings);
    const { event, data, token } = message;
    if (event !== 'candidateStageChange' || data.toStageId !== settings.stageId || !data.opportunityId) {
      await noteIgnored(deps.db, connection.organisationId, 'lever', token);
      res.json({ invited: false, reason: 'not a move to the connection’s stage' });
      return;
    }
    await checkTargetUrl(settings.apiUrl, deps.config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
    const candidate = await fetchLeverCandidate(settings, secrets, data.opportunityId).catch(
      (error: unknown) => {
        // Lever retries a webhook that fails: say so, and why, without inviting anyone.
        throw new HttpError(502, 'ats_unreachable', error instanceof Error ? error.message : String(error));
      },
    );
    const { attemptId, repeated } = await inviteFromAts(deps, {
      organisationId: connection.organisationId,
      assessmentId: connection.assessmentId,
      source: 'lever',
      connectionId: connection.id,
      externalId: data.opportunityId,
      messageId: token,
      candidateName: candidate.name,
      candidateEmail: candidate.email,
      actor: { organisationId: connection.organisationId, actorId: null, ip: clientIp(req) },
    });
    res.status(repeated ? 200 : 201).json({ invited: true, attemptId });
  });

  router.post('/inbound/:id', async (req, res) => {
    const connection = await connectionOf(deps, req.params.id, 'generic');
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const secret = box.open(connection.secretSealed, secretPurpose(connection.id));
    let body: unknown;
    try {
      // Checks the signature and that the timestamp is within five minutes (a replay is refused).
      body = new Webhook(secret).verify(raw, {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      });
    } catch {
      throw refusedSignature();
    }
    const message = genericInboundSchema.parse(body);
    const { attemptId, repeated } = await inviteFromAts(deps, {
      organisationId: connection.organisationId,
      assessmentId: connection.assessmentId,
      source: 'generic',
      connectionId: connection.id,
      externalId: message.externalId,
      messageId: String(req.headers['webhook-id']),
      candidateName: message.candidate.name,
      candidateEmail: message.candidate.email,
      timeZone: message.timeZone,
      actor: { organisationId: connection.organisationId, actorId: null, ip: clientIp(req) },
    });
    res.status(repeated ? 200 : 201).json({ attemptId });
  });

  return router;
}

/** Managers' routes for connections, mounted at /api/staff. */
export function atsConnectionRoutes(deps: AppDeps): Router {
  const router = Router();
  const box = createSecretBox(secretsKeyOf(deps.config));

  router.get('/ats-connections', async (req, res) => {
    const user = await requireManager(req, deps, 'see the ATS connections');
    const rows = await listAtsConnections(deps.db, user.organisationId);
    res.json({ connections: rows.map((c) => presentConnection(deps, c)) });
  });

  router.post('/ats-connections', async (req, res) => {
    const user = await requireManager(req, deps, 'connect an ATS');
    const body = createAtsConnectionSchema.parse(req.body);
    const assessment = await findAssessment(deps.db, user.organisationId, body.assessmentId);
    if (!assessment) throw notFound('The assessment');
    let settings: Record<string, unknown> = {};
    let secret: string;
    if (body.kind === 'lever') {
      settings = leverSettingsSchema.parse({
        apiUrl: body.apiUrl,
        stageId: body.stageId,
        performAs: body.performAs,
      });
      await checkTargetUrl(String(settings.apiUrl), deps.config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
      secret = JSON.stringify({ signatureToken: body.signatureToken, apiKey: body.apiKey });
    } else {
      secret = newInboundSecret();
    }
    const id = await audited(deps.db, auditActor(req, user), async (client) => {
      const created = await insertAtsConnection(client, box, {
        organisationId: user.organisationId,
        kind: body.kind,
        name: body.name,
        assessmentId: assessment.id,
        settings,
        secret,
        createdBy: user.id,
      });
      return {
        result: created,
        audit: {
          action: 'ats.connect',
          target: { type: 'ats_connection', id: created },
          details: { kind: body.kind, name: body.name, assessmentId: assessment.id },
        },
      };
    });
    const row = await findAtsConnection(deps.db, id);
    if (!row) throw new Error(`ATS connection ${id} vanished`);
    res.status(201).json({
      connection: presentConnection(deps, row),
      // Shown this once: the generic connection's signing key, for the other ATS's settings.
      ...(body.kind === 'generic' ? { secret } : {}),
    } satisfies CreatedAtsConnection);
  });

  router.delete('/ats-connections/:id', async (req, res) => {
    const user = await requireManager(req, deps, 'remove an ATS connection');
    const id = idParam(req.params.id, 'The connection');
    await audited(deps.db, auditActor(req, user), async (client) => {
      if (!(await deleteAtsConnection(client, user.organisationId, id))) throw notFound('The connection');
      return { result: null, audit: { action: 'ats.disconnect', target: { type: 'ats_connection', id } } };
    });
    res.status(204).end();
  });

  return router;
}
