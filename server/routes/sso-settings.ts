import { Router } from 'express';
import { idParam, requireManager } from '../auth/roles.ts';
import { newToken } from '../auth/tokens.ts';
import { secretsKeyOf } from '../config.ts';
import { type SsoSettings, type StaffMember, ssoSettingsRequestSchema } from '../contract/sso.ts';
import type { AppDeps } from '../deps.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import {
  deactivateStaff,
  findSsoSettings,
  findStaffMember,
  listStaffMembers,
  replaceScimToken,
  type StaffMemberRow,
  scimTokenCreatedAt,
  sha256,
  ssoNameTaken,
  upsertSsoSettings,
} from '../queries/sso.ts';
import { auditActor, audited } from '../security/audit.ts';
import { createSecretBox } from '../security/secrets.ts';
import { issuerProblem } from '../sso/oidc.ts';
import { clientSecretPurpose, publicBase, SSO_CALLBACK_PATH } from './sso.ts';

const presentMember = (m: StaffMemberRow): StaffMember => ({
  id: m.id,
  name: m.name,
  email: m.email,
  role: m.role,
  sso: m.ssoSubject !== null,
  deactivatedAt: m.deactivatedAt?.toISOString() ?? null,
});

/**
 * A hiring manager's single sign-on settings (the client secret sealed, never answered), the SCIM
 * token (shown once), and the organisation's staff, whom a manager may deactivate.
 */
export function ssoSettingsRoutes(deps: AppDeps): Router {
  const router = Router();
  const box = createSecretBox(secretsKeyOf(deps.config));

  router.get('/sso', async (req, res) => {
    const user = await requireManager(req, deps, 'read the single sign-on settings');
    const settings = await findSsoSettings(deps.db, user.organisationId);
    const tokenAt = await scimTokenCreatedAt(deps.db, user.organisationId);
    const answer: SsoSettings | null = settings
      ? {
          slug: settings.slug,
          emailDomain: settings.emailDomain,
          issuerUrl: settings.issuerUrl,
          clientId: settings.clientId,
          hasClientSecret: true,
          groupsClaim: settings.groupsClaim,
          groupRoles: settings.groupRoles,
          ssoRequired: settings.ssoRequired,
          breakGlassStaffId: settings.breakGlassStaffId,
          redirectUri: `${publicBase(req, deps.config.PUBLIC_URL)}${SSO_CALLBACK_PATH}`,
          scimTokenCreatedAt: tokenAt?.toISOString() ?? null,
        }
      : null;
    res.json({ settings: answer });
  });

  router.put('/sso', async (req, res) => {
    const user = await requireManager(req, deps, 'change the single sign-on settings');
    const body = ssoSettingsRequestSchema.parse(req.body);
    const problem = issuerProblem(body.issuerUrl, deps.config);
    if (problem) throw invalid(problem);
    const current = await findSsoSettings(deps.db, user.organisationId);
    if (!body.clientSecret && !current) throw invalid('clientSecret: is required the first time');
    if (body.breakGlassStaffId) {
      const member = await findStaffMember(deps.db, user.organisationId, body.breakGlassStaffId);
      if (member?.role !== 'manager' || member.deactivatedAt) {
        throw invalid('breakGlassStaffId: must be an active hiring manager of your organisation');
      }
    }
    const names = [body.slug, ...(body.emailDomain ? [body.emailDomain] : [])];
    if (await ssoNameTaken(deps.db, user.organisationId, names)) {
      throw conflict(
        'Another organisation already signs in with this slug or email domain.',
        'sso_name_taken',
      );
    }
    const clientSecretSealed = body.clientSecret
      ? box.seal(body.clientSecret, clientSecretPurpose(user.organisationId))
      : (current?.clientSecretSealed ?? '');
    await audited(deps.db, auditActor(req, user), async (client) => {
      const { clientSecret: _written, ...settings } = body;
      await upsertSsoSettings(client, {
        organisationId: user.organisationId,
        ...settings,
        clientSecretSealed,
      });
      return {
        result: undefined,
        audit: {
          action: 'sso.configure',
          target: null,
          details: {
            issuerUrl: body.issuerUrl,
            clientId: body.clientId,
            clientSecretChanged: body.clientSecret !== undefined,
            ssoRequired: body.ssoRequired,
            breakGlassStaffId: body.breakGlassStaffId,
            groupRoles: body.groupRoles,
          },
        },
      };
    });
    res.status(204).end();
  });

  router.post('/sso/scim-token', async (req, res) => {
    const user = await requireManager(req, deps, 'generate a SCIM token');
    const token = `scim_${newToken()}`;
    await audited(deps.db, auditActor(req, user), async (client) => {
      await replaceScimToken(client, user.organisationId, sha256(token), user.id);
      return { result: undefined, audit: { action: 'scim.token_create', target: null } };
    });
    res.status(201).json({ token, baseUrl: `${publicBase(req, deps.config.PUBLIC_URL)}/scim/v2` });
  });

  router.get('/members', async (req, res) => {
    const user = await requireManager(req, deps, 'list the staff');
    const members = await listStaffMembers(deps.db, user.organisationId);
    res.json({ staff: members.map(presentMember) });
  });

  router.post('/members/:id/deactivate', async (req, res) => {
    const user = await requireManager(req, deps, 'deactivate a staff member');
    const id = idParam(req.params.id, 'The staff member');
    if (id === user.id) throw conflict('You cannot deactivate yourself.', 'deactivate_self');
    await audited(deps.db, auditActor(req, user), async (client) => {
      // Not found rolls the transaction back, audit entry and all.
      if (!(await deactivateStaff(client, user.organisationId, id))) throw notFound('The staff member');
      return {
        result: undefined,
        audit: { action: 'staff.deactivate', target: { type: 'staff_user', id }, details: { by: 'manager' } },
      };
    });
    res.status(204).end();
  });

  return router;
}
