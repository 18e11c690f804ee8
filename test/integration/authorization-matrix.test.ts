import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upgradeAnswer } from '../support/collab.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startAppWithRoutes } from '../support/matrix-app.ts';
import { hasErrorShape, outcomeOf } from '../support/outcome.ts';
import { ROUTE_RULES, urlOf } from '../support/route-rules.ts';
import { registeredRoutes } from '../support/route-table.ts';
import { type Answer, send } from '../support/send.ts';
import { SOCKET_RULES, socketOutcomeOf } from '../support/socket-rules.ts';
import {
  CALLERS,
  type Caller,
  createTwoOrganisations,
  OPEN_SLUG,
  SUBMITTED_SLUG,
  secretLines,
  type TwoOrganisations,
} from '../support/two-organisations.ts';

let database: TestDatabase;
let app: Awaited<ReturnType<typeof startAppWithRoutes>>;
let world: TwoOrganisations;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await startAppWithRoutes(database.db);
  world = await createTwoOrganisations(app.deps);
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

/** Calls a route as a caller with a fresh session (sign-out or revoke in one call spoils no other). */
async function call(route: string, caller: Caller): Promise<Answer> {
  const rule = ROUTE_RULES[route];
  if (!rule) throw new Error(`no rule for ${route}`);
  const [method = 'GET'] = route.split(' ');
  return send(app.baseUrl, {
    method,
    path: urlOf(route, rule, world),
    cookie: await world.cookieOf(caller),
    json: rule.body?.(world) ?? (method === 'GET' ? undefined : {}),
  });
}

describe('the route table', () => {
  it('has a rule for every route the app registers, and no rule for a route that is gone', () => {
    const registered = registeredRoutes(app.app);
    expect(registered.length).toBeGreaterThan(25);
    const ruled = Object.keys(ROUTE_RULES).sort();
    expect(
      registered.filter((r) => !ruled.includes(r)),
      'routes without a rule: add them to test/support/route-rules.ts',
    ).toEqual([]);
    expect(
      ruled.filter((r) => !(registered as string[]).includes(r)),
      'rules for routes the app no longer has',
    ).toEqual([]);
  });
});

describe('the authorization matrix', () => {
  it.each(Object.keys(ROUTE_RULES))('%s answers every caller as its rule says', async (route) => {
    const rule = ROUTE_RULES[route];
    const actual: Record<string, unknown> = {};
    for (const caller of CALLERS) {
      const answer = await call(route, caller);
      actual[caller] = outcomeOf(answer);
      if (answer.status >= 400) expect(hasErrorShape(answer), `${caller}: ${answer.text}`).toBe(true);
    }
    expect(actual).toEqual(rule?.expect);
  });
});

describe('the sockets', () => {
  it('has a rule for every socket the server serves', () => {
    const ruled = new Set(Object.values(SOCKET_RULES).map((r) => r.socket));
    expect(app.socketNames.length).toBeGreaterThanOrEqual(3);
    expect(
      app.socketNames.filter((name) => !ruled.has(name)),
      'sockets without a rule: add them to test/support/socket-rules.ts',
    ).toEqual([]);
    expect(
      [...ruled].filter((name) => !app.socketNames.includes(name)),
      'rules for sockets that are gone',
    ).toEqual([]);
  });

  it.each(Object.keys(SOCKET_RULES))('%s answers every caller as its rule says', async (name) => {
    const rule = SOCKET_RULES[name];
    if (!rule) throw new Error(name);
    const actual: Record<string, unknown> = {};
    for (const caller of CALLERS) {
      const cookie = await world.cookieOf(caller);
      const answer = await upgradeAnswer(app.baseUrl, rule.url(world), {
        origin: app.baseUrl,
        ...(cookie ? { cookie } : {}),
      });
      actual[caller] = socketOutcomeOf(answer.status, answer.errorId);
    }
    expect(actual).toEqual(rule.expect);
  });

  it('refuses every socket to a page of another site, even with a good cookie', async () => {
    for (const rule of Object.values(SOCKET_RULES)) {
      // The best-placed caller: one the rule lets in, else one it at least recognises.
      const caller =
        CALLERS.find((c) => rule.expect[c] === 'allowed') ?? CALLERS.find((c) => rule.expect[c] !== 401);
      const cookie = (caller && (await world.cookieOf(caller))) ?? '';
      expect(cookie, rule.socket).not.toBe('');
      const answer = await upgradeAnswer(app.baseUrl, rule.url(world), {
        origin: 'https://evil.example',
        cookie,
      });
      expect([rule.socket, answer.status]).toEqual([rule.socket, 403]);
    }
  });
});

describe('sessions under the wrong name', () => {
  it("reaches nothing with a candidate's session sent as the staff cookie, or a manager's as the candidate's", async () => {
    const guarded = Object.keys(ROUTE_RULES).filter((route) => ROUTE_RULES[route]?.expect.anonymous === 401);
    expect(guarded.length).toBeGreaterThan(20);
    for (const route of guarded) {
      const rule = ROUTE_RULES[route];
      if (!rule) throw new Error(route);
      const [method = 'GET'] = route.split(' ');
      const candidate = (await world.cookieOf('candidateA'))?.replace(
        'gauntlet_candidate=',
        'gauntlet_staff=',
      );
      const manager = (await world.cookieOf('manager1'))?.replace('gauntlet_staff=', 'gauntlet_candidate=');
      for (const cookie of [candidate, manager]) {
        const answer = await send(app.baseUrl, {
          method,
          path: urlOf(route, rule, world),
          cookie,
          json: rule.body?.(world) ?? (method === 'GET' ? undefined : {}),
        });
        expect([route, cookie?.split('=')[0], outcomeOf(answer)]).toEqual([
          route,
          cookie?.split('=')[0],
          401,
        ]);
      }
    }
  });
});

describe('ids in the path', () => {
  const withId = Object.keys(ROUTE_RULES).filter((route) => route.includes('/:id'));
  const strangers = [
    '00000000-0000-4000-8000-000000000000',
    'not-a-uuid',
    '-'.repeat(36),
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    "1' or '1'='1",
  ];

  it.each(withId)('%s answers an unknown or malformed id with 404', async (route) => {
    const rule = ROUTE_RULES[route];
    if (!rule) throw new Error(route);
    // The first caller who gets past every guard with the real id: a stranger id must then be 404.
    const passes = (c: Caller) => rule.expect[c] === 'allowed' || rule.expect[c] === 503;
    const caller: Caller = (['manager1', 'interviewer1'] as const).find(passes) ?? 'candidateA';
    const [method = 'GET'] = route.split(' ');
    for (const id of strangers) {
      const answer = await send(app.baseUrl, {
        method,
        path: urlOf(route, { ...rule, params: (w) => ({ ...rule.params?.(w), id }) }, world),
        // A REST API route is passed with a token (no cookie passes it).
        ...(rule.apiToken
          ? { headers: world.org1ApiToken.headers }
          : rule.scimToken
            ? { headers: await world.scimHeadersOf() }
            : { cookie: await world.cookieOf(caller) }),
        json: rule.body?.(world) ?? (method === 'GET' ? undefined : {}),
      });
      expect([id, answer.status, answer.body?.error?.id]).toEqual([id, 404, 'not_found']);
    }
  });
});

describe('what an answer may hold', () => {
  it('never answers a candidate with hidden check details, graders or reference solutions', async () => {
    const secrets = [
      ...world.hiddenMarkers,
      ...[SUBMITTED_SLUG, OPEN_SLUG].flatMap((slug) => secretLines(app.deps.catalogue, slug)),
    ];
    expect(secrets.length).toBeGreaterThan(20);
    const reachable = Object.entries(ROUTE_RULES).filter(([, r]) => r.expect.candidateA !== 401);
    for (const caller of ['candidateA', 'candidateB'] as const) {
      for (const [route] of reachable) {
        const answer = await call(route, caller);
        for (const secret of secrets) {
          expect(answer.text.includes(secret), `${caller} ${route} leaks ${secret}`).toBe(false);
          expect(answer.text.includes(JSON.stringify(secret).slice(1, -1)), `${caller} ${route}`).toBe(false);
        }
      }
    }
    // Not vacuous: candidate A's answers do carry the submission, its hidden checks as pass/fail only.
    const grading = (await call('GET /api/candidate/attempt/gradings/:id', 'candidateA')).body;
    const hidden = grading.checks.filter((c: { visible: boolean }) => !c.visible);
    expect(hidden.length).toBeGreaterThan(0);
    for (const check of hidden) expect(Object.keys(check).sort()).toEqual(['passed', 'visible']);
    const attempt = (await call('GET /api/candidate/attempt', 'candidateA')).body;
    const submitted = attempt.challenges.find((c: { slug: string }) => c.slug === SUBMITTED_SLUG);
    expect(submitted.latestGrading.id).toBe(world.candidateA.gradingId);
    expect(submitted.hiddenCheckCount).toBe(hidden.length);
  });

  it("never answers organisation 2's staff with organisation 1's data", async () => {
    // Routes that need a staff session (sign-in with organisation 1's credentials is public, not a leak).
    const staffRoutes = Object.entries(ROUTE_RULES).filter(
      ([, r]) => r.expect.anonymous === 401 && r.expect.manager2 !== 401,
    );
    let org1Seen = 0;
    for (const [route] of staffRoutes) {
      const answer = await call(route, 'manager2');
      for (const marker of world.org1Markers)
        expect(answer.text.includes(marker), `manager2 ${route} leaks ${marker}`).toBe(false);
      // The same call by organisation 1's manager shows what organisation 2 must not see.
      const own = await call(route, 'manager1');
      if (world.org1Markers.some((m) => own.text.includes(m))) org1Seen++;
    }
    expect(org1Seen).toBeGreaterThan(8);
    const list = (await call('GET /api/staff/assessments', 'manager2')).body.assessments;
    expect(list.map((a: { id: string }) => a.id)).toContain(world.org2.assessmentId);
  });
});
