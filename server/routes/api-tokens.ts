import { Router } from 'express';
import { idParam, requireManager } from '../auth/roles.ts';
import { createApiToken, revokeOrganisationApiToken } from '../commands/manage-api-tokens.ts';
import {
  type ApiTokenList,
  type CreatedApiToken,
  createApiTokenRequestSchema,
} from '../contract/api-tokens.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { presentApiToken } from '../presenters/api-tokens.ts';
import { findApiToken, listApiTokens } from '../queries/api-tokens.ts';
import { auditActor } from '../security/audit.ts';

/** A hiring manager's API tokens: listed without secrets, created (secret shown once), revoked. */
export function apiTokenRoutes(deps: AppDeps): Router {
  const router = Router();

  const ownToken = async (organisationId: string, id: string) => {
    const token = await findApiToken(deps.db, organisationId, id);
    if (!token) throw notFound('The API token');
    return presentApiToken(token);
  };

  router.get('/api-tokens', async (req, res) => {
    const user = await requireManager(req, deps, 'manage API tokens');
    const tokens = await listApiTokens(deps.db, user.organisationId);
    res.json({ tokens: tokens.map((t) => presentApiToken(t)) } satisfies ApiTokenList);
  });

  router.post('/api-tokens', async (req, res) => {
    const user = await requireManager(req, deps, 'manage API tokens');
    const body = createApiTokenRequestSchema.parse(req.body);
    const { id, secret } = await createApiToken(deps.db, user, body, auditActor(req, user));
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json({ token: await ownToken(user.organisationId, id), secret } satisfies CreatedApiToken);
  });

  router.post('/api-tokens/:id/revoke', async (req, res) => {
    const user = await requireManager(req, deps, 'manage API tokens');
    const id = idParam(req.params.id, 'The API token');
    await revokeOrganisationApiToken(deps.db, user.organisationId, id, auditActor(req, user));
    res.json({ token: await ownToken(user.organisationId, id) });
  });

  return router;
}
