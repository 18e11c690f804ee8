import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiToken, verifyApiToken } from '../../server/auth/api-tokens.ts';
import type { ApiScope } from '../../server/contract/api-tokens.ts';
import { createTestApiToken, type TestApiToken } from '../support/api-tokens.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startAppWithRoutes } from '../support/matrix-app.ts';
import { hasErrorShape } from '../support/outcome.ts';
import { registeredRoutes } from '../support/route-table.ts';
import { type Answer, send } from '../support/send.ts';
import {
  createTwoOrganisations,
  OPEN_SLUG,
  SUBMITTED_SLUG,
  secretLines,
  type TwoOrganisations,
} from '../support/two-organisations.ts';

/** Low enough to reach in a test; every case below makes its own tokens, so none nears it by accident. */
const LIMIT = 25;

let database: TestDatabase;
let app: Awaited<ReturnType<typeof startAppWithRoutes>>;
let world: TwoOrganisations;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await startAppWithRoutes(database.db, { RATE_LIMIT_API_PER_TOKEN: String(LIMIT) });
  world = await createTwoOrganisations(app.deps);
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

interface ApiRoute {
  /** The scopes that reach it (`admin` always does). */
  scopes: ApiScope[];
  /** Organisation 1's record (the token's own) and organisation 2's (another's). */
  path: (w: TwoOrganisations) => string;
  foreignPath?: (w: TwoOrganisations) => string;
  body?: () => unknown;
}

let emails = 0;
const freshEmail = () => `api-${Date.now()}-${emails++}@example.com`;

/** Every /api/v1 route but the public description, with the scope it needs. */
const ROUTES: Record<string, ApiRoute> = {
  'GET /api/v1/assessments': {
    scopes: ['read:results', 'write:invitations'],
    path: () => '/api/v1/assessments',
  },
  'POST /api/v1/assessments/:id/invitations': {
    scopes: ['write:invitations'],
    path: (w) => `/api/v1/assessments/${w.org1.assessmentId}/invitations`,
    foreignPath: (w) => `/api/v1/assessments/${w.org2.assessmentId}/invitations`,
    body: () => ({ candidateName: 'Invited by a script', candidateEmail: freshEmail() }),
  },
  'GET /api/v1/assessments/:id/attempts': {
    scopes: ['read:results'],
    path: (w) => `/api/v1/assessments/${w.org1.assessmentId}/attempts`,
    foreignPath: (w) => `/api/v1/assessments/${w.org2.assessmentId}/attempts`,
  },
  'GET /api/v1/attempts/:id': {
    scopes: ['read:results'],
    path: (w) => `/api/v1/attempts/${w.submittedAttemptId}`,
    foreignPath: (w) => `/api/v1/attempts/${w.org2AttemptId}`,
  },
};

function routeOf(name: string): ApiRoute {
  const route = ROUTES[name];
  if (!route) throw new Error(`no case for ${name}`);
  return route;
}

async function call(
  name: string,
  credentials: { token?: TestApiToken; cookie?: string | undefined; headers?: Record<string, string> },
  path?: string,
): Promise<Answer> {
  const route = routeOf(name);
  const [method = 'GET'] = name.split(' ');
  return send(app.baseUrl, {
    method,
    path: path ?? route.path(world),
    cookie: credentials.cookie,
    headers: { ...credentials.token?.headers, ...credentials.headers },
    json: route.body?.() ?? (method === 'GET' ? undefined : {}),
  });
}

const token = (scopes: ApiScope[], state?: 'active' | 'revoked' | 'expired') =>
  createTestApiToken(database.db, world.org1, scopes, state);

const refusal = (a: Answer) => [a.status, a.body?.error?.id, hasErrorShape(a)];

describe('the REST API routes', () => {
  it('has a case here for every /api/v1 route the app registers', () => {
    const registered = registeredRoutes(app.app).filter(
      (r) => r.includes(' /api/v1/') && r !== 'GET /api/v1/openapi.json',
    );
    expect(registered.sort()).toEqual(Object.keys(ROUTES).sort());
  });
});

describe.each(Object.keys(ROUTES))('%s', (name) => {
  const route = routeOf(name);

  it('refuses a request without a token with 401, and says how to send one', async () => {
    const answer = await call(name, {});
    expect(refusal(answer)).toEqual([401, 'unauthenticated', true]);
    expect(answer.body.error.message).toContain('Authorization: Bearer');
  });

  it("refuses a manager's session cookie (only a token reaches the API, so no other site's page can)", async () => {
    const cookie = await world.cookieOf('manager1');
    for (const origin of [undefined, app.baseUrl, 'https://evil.example']) {
      const answer = await call(name, { cookie, headers: origin ? { origin } : {} });
      // A change from a foreign page is refused even before the token is asked for.
      const expected =
        origin === 'https://evil.example' && name.startsWith('POST')
          ? [403, 'forbidden', true]
          : [401, 'unauthenticated', true];
      expect([origin, ...refusal(answer)]).toEqual([origin, ...expected]);
    }
  });

  it('refuses an unknown or malformed token with 401 invalid_token', async () => {
    const real = await token(['admin']);
    const unknown = `gnt_${'A'.repeat(43)}`;
    for (const authorization of [
      `Bearer ${unknown}`,
      'Bearer gnt_short',
      `Bearer ${real.secret.slice(0, -1)}`,
      `Bearer ${real.secret}x`,
      `Bearer ${real.secret.replace('gnt_', 'xyz_')}`,
    ]) {
      const answer = await call(name, { headers: { authorization } });
      expect([authorization, ...refusal(answer)]).toEqual([authorization, 401, 'invalid_token', true]);
    }
  });

  it('refuses a revoked token with 401 token_revoked and an expired one with 401 token_expired', async () => {
    expect(refusal(await call(name, { token: await token(['admin'], 'revoked') }))).toEqual([
      401,
      'token_revoked',
      true,
    ]);
    expect(refusal(await call(name, { token: await token(['admin'], 'expired') }))).toEqual([
      401,
      'token_expired',
      true,
    ]);
  });

  it('refuses a token without the scope with 403 naming the scope, and lets the scope and admin through', async () => {
    const others = (['read:results', 'write:invitations'] as const).filter((s) => !route.scopes.includes(s));
    for (const scope of others) {
      const answer = await call(name, { token: await token([scope]) });
      expect(refusal(answer)).toEqual([403, 'forbidden', true]);
      for (const needed of route.scopes) expect(answer.body.error.message).toContain(needed);
    }
    // The listing needs no particular scope: every scope reaches it, so it has no wrong one.
    expect(others.length + route.scopes.length).toBe(2);
    for (const scopes of [...route.scopes.map((s) => [s]), ['admin']] as ApiScope[][]) {
      const answer = await call(name, { token: await token(scopes) });
      expect([scopes, answer.status]).toEqual([scopes, name.startsWith('POST') ? 201 : 200]);
    }
  });

  it("answers another organisation's record, or an id that names nothing, with 404", async () => {
    const admin = await token(['admin']);
    const paths = route.foreignPath
      ? [
          route.foreignPath(world),
          route.path(world).replace(/[0-9a-f-]{36}/, '00000000-0000-4000-8000-000000000000'),
          route.path(world).replace(/[0-9a-f-]{36}/, 'not-a-uuid'),
        ]
      : [];
    for (const path of paths) {
      const answer = await call(name, { token: admin }, path);
      expect([path, ...refusal(answer)]).toEqual([path, 404, 'not_found', true]);
    }
    // Organisation 2's token sees only organisation 2.
    const theirs = await createTestApiToken(database.db, world.org2, ['admin']);
    const answer = await call(name, { token: theirs }, route.foreignPath?.(world) ?? route.path(world));
    expect(answer.status).toBeLessThan(300);
    for (const marker of world.org1Markers) expect(answer.text, marker).not.toContain(marker);
  });
});

describe('the rate limit', () => {
  it(`answers a token's request past ${LIMIT} in the window with 429 and Retry-After, and no other token's`, async () => {
    const busy = await token(['read:results']);
    for (let i = 0; i < LIMIT; i++)
      expect((await call('GET /api/v1/assessments', { token: busy })).status).toBe(200);
    const answer = await send(app.baseUrl, {
      method: 'GET',
      path: '/api/v1/assessments',
      headers: busy.headers,
    });
    expect(refusal(answer)).toEqual([429, 'rate_limited', true]);
    expect(answer.body.error.message).toContain('API token');
    const retryAfter = Number((await fetchHeaders('/api/v1/assessments', busy)).get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(app.deps.config.RATE_LIMIT_WINDOW_SECONDS);
    // Counted per token: another of the same organisation still gets through.
    expect((await call('GET /api/v1/assessments', { token: await token(['read:results']) })).status).toBe(
      200,
    );
  });
});

async function fetchHeaders(path: string, t: TestApiToken): Promise<Headers> {
  const response = await fetch(`${app.baseUrl}${path}`, { headers: t.headers });
  await response.text();
  return response.headers;
}

describe('what a token did', () => {
  it('audits an invitation with the token as its actor, mails it like a manager’s, and shows it in the audit page', async () => {
    const writer = await token(['write:invitations']);
    const email = freshEmail();
    const answer = await send(app.baseUrl, {
      method: 'POST',
      path: `/api/v1/assessments/${world.org1.assessmentId}/invitations`,
      headers: writer.headers,
      json: { candidateName: 'Ada from the ATS', candidateEmail: email, expiresInDays: 7 },
    });
    expect(answer.status).toBe(201);
    const [invitation] = answer.body.invitations;
    expect(invitation.candidateEmail).toBe(email);
    expect(invitation.link).toMatch(/^\/invite\/[A-Za-z0-9_-]{43}$/);

    const { rows } = await database.db.query(
      `select organisation_id as "organisationId", actor_id as "actorId", actor_token_id as "actorTokenId",
         action, target_type as "targetType", target_id as "targetId", details
       from audit_log where target_id = $1`,
      [invitation.invitationId],
    );
    expect(rows).toEqual([
      {
        organisationId: world.org1.organisationId,
        actorId: null,
        actorTokenId: writer.id,
        action: 'invitation.create',
        targetType: 'invitation',
        targetId: invitation.invitationId,
        details: { assessmentId: world.org1.assessmentId, candidateEmail: email, via: 'api' },
      },
    ]);
    const mail = await database.db.query('select kind, recipient from outbox where subject_id = $1', [
      invitation.invitationId,
    ]);
    expect(mail.rows).toEqual([{ kind: 'invitation', recipient: email }]);

    const page = await send(app.baseUrl, {
      method: 'GET',
      path: '/api/staff/audit',
      cookie: await world.cookieOf('manager1'),
    });
    const entry = page.body.entries.find(
      (e: { target: { id: string } | null }) => e.target?.id === invitation.invitationId,
    );
    expect(entry.actor.id).toBe(writer.id);
    expect(entry.actor.name).toMatch(/^API token Test token .* \(gnt_[A-Za-z0-9_-]{8}\)$/);
  });

  it('writes no audit entry for a read, and notes when the token was last used', async () => {
    const reader = await token(['read:results']);
    const before = await database.db.query('select count(*)::int as n from audit_log');
    expect((await call('GET /api/v1/attempts/:id', { token: reader })).status).toBe(200);
    const after = await database.db.query('select count(*)::int as n from audit_log');
    expect(after.rows[0].n).toBe(before.rows[0].n);
    const used = await database.db.query('select last_used_at from api_tokens where id = $1', [reader.id]);
    expect(Date.now() - used.rows[0].last_used_at.getTime()).toBeLessThan(60_000);
  });

  it('refuses a duplicate invitation with 409 naming the email, and writes nothing', async () => {
    const writer = await token(['write:invitations']);
    const body = { candidateName: 'Twice', candidateEmail: freshEmail() };
    const path = `/api/v1/assessments/${world.org1.assessmentId}/invitations`;
    expect(
      (await send(app.baseUrl, { method: 'POST', path, headers: writer.headers, json: body })).status,
    ).toBe(201);
    const again = await send(app.baseUrl, { method: 'POST', path, headers: writer.headers, json: body });
    expect(refusal(again)).toEqual([409, 'already_invited', true]);
    expect(again.body.error.message).toContain(body.candidateEmail);
  });
});

describe('the results a token reads', () => {
  it("gives an attempt's scores and visible checks, counts the hidden ones, and never shows their details, graders or solutions", async () => {
    const reader = await token(['read:results']);
    const answer = await send(app.baseUrl, {
      method: 'GET',
      path: `/api/v1/attempts/${world.candidateA.attemptId}`,
      headers: reader.headers,
    });
    expect(answer.status).toBe(200);
    const submitted = answer.body.challenges.find((c: { slug: string }) => c.slug === SUBMITTED_SLUG);
    const manifest = app.deps.catalogue.challenges.get(SUBMITTED_SLUG)?.manifest;
    const hidden = manifest?.checks.filter((c) => !c.visible) ?? [];
    expect(hidden.length).toBeGreaterThan(0);
    expect(submitted.submission.hiddenCheckCount).toBe(hidden.length);
    expect(submitted.submission.checks.map((c: { id: string }) => c.id)).toEqual(
      manifest?.checks.filter((c) => c.visible).map((c) => c.id),
    );
    const secrets = [...world.hiddenMarkers, ...secretLines(app.deps.catalogue, SUBMITTED_SLUG)];
    const listing = await send(app.baseUrl, {
      method: 'GET',
      path: `/api/v1/assessments/${world.org1.assessmentId}/attempts`,
      headers: reader.headers,
    });
    for (const text of [answer.text, listing.text])
      for (const secret of [...secrets, ...secretLines(app.deps.catalogue, OPEN_SLUG)])
        expect(text.includes(secret), secret).toBe(false);
    expect(listing.body.attempts.map((a: { id: string }) => a.id)).toContain(world.candidateA.attemptId);
  });
});

describe('managing tokens (staff)', () => {
  const staff = async (
    caller: 'manager1' | 'interviewer1' | 'manager2',
    method: string,
    path: string,
    json?: unknown,
  ) => send(app.baseUrl, { method, path, cookie: await world.cookieOf(caller), json });

  it('shows the secret once at creation, lists tokens without it, and revoking stops it at once', async () => {
    const created = await staff('manager1', 'POST', '/api/staff/api-tokens', {
      name: 'Greenhouse sync',
      scopes: ['read:results', 'write:invitations'],
      expiresInDays: 90,
    });
    expect(created.status).toBe(201);
    const { token: listed, secret } = created.body;
    expect(secret).toMatch(/^gnt_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(listed.prefix)).toBe(true);
    expect(listed).toMatchObject({ name: 'Greenhouse sync', status: 'active', createdBy: 'Manager' });
    // Stored: only the hash, never the secret.
    const stored = await database.db.query('select token_hash from api_tokens where id = $1', [listed.id]);
    expect(stored.rows[0].token_hash).toEqual(hashApiToken(secret));
    const dump = await database.db.query('select row_to_json(t)::text as row from api_tokens t');
    for (const { row } of dump.rows) expect(row).not.toContain(secret.slice(12));

    const list = await staff('manager1', 'GET', '/api/staff/api-tokens');
    expect(list.body.tokens.map((t: { id: string }) => t.id)).toContain(listed.id);
    expect(list.text).not.toContain(secret.slice(12));

    const headers = { authorization: `Bearer ${secret}` };
    expect((await send(app.baseUrl, { method: 'GET', path: '/api/v1/assessments', headers })).status).toBe(
      200,
    );
    expect(await verifyApiToken(database.db, secret)).toEqual({
      tokenId: listed.id,
      organisationId: world.org1.organisationId,
      scopes: ['read:results', 'write:invitations'],
    });

    const revoked = await staff('manager1', 'POST', `/api/staff/api-tokens/${listed.id}/revoke`);
    expect([revoked.status, revoked.body.token.status]).toEqual([200, 'revoked']);
    const refused = await send(app.baseUrl, { method: 'GET', path: '/api/v1/assessments', headers });
    expect(refusal(refused)).toEqual([401, 'token_revoked', true]);
    expect(await verifyApiToken(database.db, secret)).toBeNull();

    const { rows } = await database.db.query(
      `select action, actor_id as "actorId", details->>'prefix' as prefix from audit_log
       where target_id = $1 order by id`,
      [listed.id],
    );
    expect(rows).toEqual([
      { action: 'api_token.create', actorId: world.org1.manager.id, prefix: listed.prefix },
      { action: 'api_token.revoke', actorId: world.org1.manager.id, prefix: listed.prefix },
    ]);
  });

  it("refuses an interviewer (403), and another organisation's manager revoking organisation 1's token (404)", async () => {
    for (const [method, path] of [
      ['GET', '/api/staff/api-tokens'],
      ['POST', '/api/staff/api-tokens'],
      ['POST', `/api/staff/api-tokens/${world.revocableApiTokenId}/revoke`],
    ] as const) {
      const json = method === 'POST' ? { name: 'x', scopes: ['admin'] } : undefined;
      expect(refusal(await staff('interviewer1', method, path, json))).toEqual([403, 'forbidden', true]);
    }
    const other = await staff('manager2', 'POST', `/api/staff/api-tokens/${world.org1ApiToken.id}/revoke`);
    expect(refusal(other)).toEqual([404, 'not_found', true]);
    const stillWorks = await send(app.baseUrl, {
      method: 'GET',
      path: '/api/v1/assessments',
      headers: world.org1ApiToken.headers,
    });
    expect(stillWorks.status).toBe(200);
  });

  it('refuses an unknown scope, a repeated scope and no scope, naming the field', async () => {
    for (const scopes of [['read:everything'], ['admin', 'admin'], []]) {
      const answer = await staff('manager1', 'POST', '/api/staff/api-tokens', { name: 'Bad', scopes });
      expect(refusal(answer)).toEqual([400, 'invalid_request', true]);
      expect(answer.body.error.message).toMatch(/^scopes/);
    }
  });

  it('refuses an expired token even when it was never used, and lists it as expired', async () => {
    const expired = await token(['admin'], 'expired');
    expect(await verifyApiToken(database.db, expired.secret)).toBeNull();
    const list = await staff('manager1', 'GET', '/api/staff/api-tokens');
    const row = list.body.tokens.find((t: { id: string }) => t.id === expired.id);
    expect(row.status).toBe('expired');
  });
});
