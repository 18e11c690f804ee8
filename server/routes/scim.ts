import express, { type Request, Router } from 'express';
import { type Filter, filter as matches, parse as parseFilter } from 'scim2-parse-filter';
import { z } from 'zod';
import { idParam } from '../auth/roles.ts';
import { transaction } from '../db/pool.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError, notFound } from '../errors.ts';
import { insertAuditEntry } from '../queries/audit.ts';
import {
  deactivateStaff,
  findScimTokenOrganisation,
  findStaffMember,
  isLastActiveManager,
  listStaffMembers,
  reactivateStaff,
  sha256,
} from '../queries/sso.ts';
import {
  LIST_SCHEMA,
  PATCH_SCHEMA,
  presentScimUser,
  renderScimErrors,
  ScimError,
  sendScim,
} from '../scim/scim-json.ts';
import { clientIp } from '../security/rate-limit.ts';
import { publicBase } from './sso.ts';

const listQuerySchema = z.object({
  filter: z.string().max(1000, 'must be at most 1000 characters').optional(),
  startIndex: z.coerce.number().int().min(1, 'must be at least 1').max(1_000_000).default(1),
  count: z.coerce.number().int().min(0, 'must be at least 0').max(200, 'must be at most 200').default(100),
});

const patchSchema = z.strictObject({
  schemas: z
    .array(z.string().max(200))
    .refine((s) => s.includes(PATCH_SCHEMA), `must include ${PATCH_SCHEMA}`),
  Operations: z
    .array(
      z.strictObject({
        op: z.string().max(20),
        path: z.string().max(200).optional(),
        value: z.unknown().optional(),
      }),
    )
    .min(1, 'must hold at least one operation')
    .max(50, 'at most 50 operations'),
});

/** userName is not case-exact in SCIM: compare it in lower case, as emails are stored. */
function lowerUserName(f: Filter): Filter {
  if ('filters' in f) return { ...f, filters: f.filters.map(lowerUserName) };
  if (f.op === 'not') return { ...f, filter: lowerUserName(f.filter) };
  if (f.op === '[]') return { ...f, valFilter: lowerUserName(f.valFilter) };
  if (f.op !== 'pr' && f.attrPath.toLowerCase() === 'username' && typeof f.compValue === 'string')
    return { ...f, compValue: f.compValue.toLowerCase() };
  return f;
}

const asActive = (value: unknown, index: number): boolean => {
  if (value === true || value === false) return value;
  // Entra ID sends booleans as the strings "True" and "False".
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw new ScimError(400, 'invalidValue', `Operations.${index}.value: active must be true or false`);
};

/**
 * What the operations set `active` to, if any: `{op: "replace", path: "active", value: false}` or the
 * value-object form `{op: "replace", value: {active: false}}` Okta and Entra ID send. Operations on
 * other attributes are accepted and ignored (the identity provider's SSO sign-in sets name and role).
 */
function requestedActive(operations: z.infer<typeof patchSchema>['Operations']): boolean | undefined {
  let active: boolean | undefined;
  operations.forEach((operation, index) => {
    const op = operation.op.toLowerCase();
    if (op !== 'replace' && op !== 'add') return;
    if (operation.path?.toLowerCase() === 'active') active = asActive(operation.value, index);
    else if (operation.path === undefined && operation.value && typeof operation.value === 'object') {
      const entry = Object.entries(operation.value).find(([key]) => key.toLowerCase() === 'active');
      if (entry) active = asActive(entry[1], index);
    }
  });
  return active;
}

/** The organisation whose SCIM bearer token the request carries, or 401. */
async function requireScimToken(req: Request, deps: AppDeps): Promise<string> {
  const header = req.headers.authorization ?? '';
  const token = /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(header)?.[1];
  const organisationId = token ? await findScimTokenOrganisation(deps.db, sha256(token)) : undefined;
  if (!organisationId)
    throw new HttpError(401, 'unauthenticated', 'Send the SCIM token as Authorization: Bearer <token>.');
  return organisationId;
}

/**
 * A minimal SCIM 2.0 server for deprovisioning staff: list and read Users (filters parsed by
 * scim2-parse-filter) and PATCH `active`. Callers authenticate with their organisation's SCIM
 * token and see only its staff; deactivating ends every session of the member at once.
 */
export function scimRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use(express.json({ limit: '3mb', type: ['application/json', 'application/scim+json'] }));

  router.get('/Users', async (req, res) => {
    const organisationId = await requireScimToken(req, deps);
    const query = listQuerySchema.parse(req.query);
    let wanted: (resource: unknown) => boolean = () => true;
    if (query.filter !== undefined) {
      try {
        wanted = matches(lowerUserName(parseFilter(query.filter)));
      } catch (error) {
        throw new ScimError(
          400,
          'invalidFilter',
          `filter: cannot be parsed (${String(error instanceof Error ? error.message : error).slice(0, 200)})`,
        );
      }
    }
    const base = publicBase(req, deps.config.PUBLIC_URL);
    const all = (await listStaffMembers(deps.db, organisationId)).map((m) => presentScimUser(m, base));
    const found = all.filter((resource) => wanted(resource));
    const page = found.slice(query.startIndex - 1, query.startIndex - 1 + query.count);
    sendScim(res, 200, {
      schemas: [LIST_SCHEMA],
      totalResults: found.length,
      startIndex: query.startIndex,
      itemsPerPage: page.length,
      Resources: page,
    });
  });

  router.get('/Users/:id', async (req, res) => {
    const organisationId = await requireScimToken(req, deps);
    const member = await findStaffMember(deps.db, organisationId, idParam(req.params.id, 'The user'));
    if (!member) throw notFound('The user');
    sendScim(res, 200, presentScimUser(member, publicBase(req, deps.config.PUBLIC_URL)));
  });

  router.patch('/Users/:id', async (req, res) => {
    const organisationId = await requireScimToken(req, deps);
    const id = idParam(req.params.id, 'The user');
    const body = patchSchema.parse(req.body);
    const active = requestedActive(body.Operations);
    await transaction(deps.db, async (client) => {
      if (!(await findStaffMember(client, organisationId, id))) throw notFound('The user');
      if (active === undefined) return;
      if (!active && (await isLastActiveManager(client, organisationId, id))) {
        throw new ScimError(
          409,
          'mutability',
          'This user is the organisation’s last active manager: another active manager must exist before they are deactivated.',
        );
      }
      await (active ? reactivateStaff : deactivateStaff)(client, organisationId, id);
      await insertAuditEntry(client, {
        organisationId,
        actorId: null,
        actorEmail: 'SCIM provisioning',
        action: 'staff.deactivate',
        targetType: 'staff_user',
        targetId: id,
        details: { by: 'scim', active },
        ip: clientIp(req),
      });
    });
    const member = await findStaffMember(deps.db, organisationId, id);
    if (!member) throw notFound('The user');
    sendScim(res, 200, presentScimUser(member, publicBase(req, deps.config.PUBLIC_URL)));
  });

  router.use((req, _res, next) => next(notFound(`${req.method} ${req.originalUrl}`, 'no_such_route')));
  router.use(renderScimErrors);
  return router;
}
