import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  jsonType,
  NASTY_CHARACTERS,
  NOT_JSON,
  nastyText,
  nestedJson,
  TRAVERSALS,
  textLeaves,
  withValue,
} from '../support/fuzz-bodies.ts';
import { startAppWithRoutes } from '../support/matrix-app.ts';
import { hasErrorShape } from '../support/outcome.ts';
import { ROUTE_RULES, type RouteRule, urlOf } from '../support/route-rules.ts';
import { registeredRoutes } from '../support/route-table.ts';
import { type Answer, type Sending, send } from '../support/send.ts';
import { type Caller, createTwoOrganisations, type TwoOrganisations } from '../support/two-organisations.ts';

// Each property runs a bounded number of times so the whole suite stays well under a minute.
const RUNS = 12;
const BODY_LIMIT = 3 * 1024 * 1024;

let database: TestDatabase;
let app: Awaited<ReturnType<typeof startAppWithRoutes>>;
let world: TwoOrganisations;

beforeAll(async () => {
  database = await createTestDatabase();
  // Rate limits are tested on their own; here they would only turn validation answers into 429s.
  const unlimited = '1000000';
  app = await startAppWithRoutes(database.db, {
    RATE_LIMIT_SIGN_IN_PER_IP: unlimited,
    RATE_LIMIT_SIGN_IN_PER_EMAIL: unlimited,
    RATE_LIMIT_ENTER_PER_IP: unlimited,
    RATE_LIMIT_GRADINGS_PER_ATTEMPT: unlimited,
    RATE_LIMIT_API_PER_TOKEN: unlimited,
  });
  world = await createTwoOrganisations(app.deps);
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

const MUTATING = Object.keys(ROUTE_RULES).filter((r) => /^(POST|PUT|PATCH) /.test(r));
const WITH_BODY = MUTATING.filter((r) => ROUTE_RULES[r]?.body);
const WITHOUT_BODY = MUTATING.filter((r) => !ROUTE_RULES[r]?.body);

/** A caller the route's rule lets through its guard (503: the live routes, past the candidate guard). */
function reachingCaller(rule: RouteRule): Caller {
  const order: Caller[] = ['manager1', 'interviewer1', 'candidateA', 'anonymous'];
  const caller = order.find((c) => rule.expect[c] === 'allowed' || rule.expect[c] === 503);
  if (!caller) throw new Error('nobody may reach this route');
  return caller;
}

function ruleOf(route: string): RouteRule {
  const rule = ROUTE_RULES[route];
  if (!rule) throw new Error(`no rule for ${route}`);
  return rule;
}

/** What reaches the route: organisation 1's API token for a REST API route, else a caller's fresh session. */
async function credentialsFor(rule: RouteRule): Promise<Pick<Sending, 'cookie' | 'headers'>> {
  if (rule.apiToken) return { headers: world.org1ApiToken.headers };
  if (rule.scimToken) return { headers: await world.scimHeadersOf() };
  return { cookie: await world.cookieOf(reachingCaller(rule)) };
}

/** Sends to the route as a caller who may reach it, with a fresh session and a 10 s bound. */
async function sendTo(route: string, sending: Omit<Sending, 'method' | 'path'>): Promise<Answer> {
  const rule = ruleOf(route);
  const [method = 'POST'] = route.split(' ');
  const credentials = await credentialsFor(rule);
  return send(app.baseUrl, {
    method,
    path: urlOf(route, rule, world),
    ...credentials,
    ...sending,
    headers: { ...credentials.headers, ...sending.headers },
  });
}

const describeAnswer = (a: Answer) => `${a.status} ${a.text.slice(0, 300)}`;

/** Never a 5xx (but the 503 of a live route on a server without live environments); errors in one shape. */
function expectHandled(route: string, answer: Answer): void {
  // A live route: some caller gets past its guards to a server without live environments.
  const live = Object.values(ruleOf(route).expect).includes(503);
  const liveUnavailable = live && answer.status === 503 && answer.body?.error?.id === 'live_unavailable';
  expect(answer.status < 500 || liveUnavailable, `${route}: ${describeAnswer(answer)}`).toBe(true);
  if (answer.status >= 400) expect(hasErrorShape(answer), `${route}: ${describeAnswer(answer)}`).toBe(true);
}

/** A 4xx in the one error shape; a 400 of validation names the field (its message starts with it). */
function expectRefused(route: string, answer: Answer, field?: string | number): void {
  expect(answer.status >= 400 && answer.status < 500, `${route}: ${describeAnswer(answer)}`).toBe(true);
  expect(hasErrorShape(answer), `${route}: ${describeAnswer(answer)}`).toBe(true);
  if (field !== undefined && answer.body.error.id === 'invalid_request')
    expect(answer.body.error.message, route).toMatch(new RegExp(`^${String(field)}\\b`));
}

/** When the answer is a validation 400, its message names one of the fields. */
function expectNamesOneOf(route: string, answer: Answer, fields: string[]): void {
  if (answer.status !== 400 || answer.body?.error?.id !== 'invalid_request') return;
  const message: string = answer.body.error.message;
  expect(
    fields.some((f) => message.startsWith(`${f}`)),
    `${route}: ${message} names none of ${fields}`,
  ).toBe(true);
}

const property = <T>(arb: fc.Arbitrary<T>, run: (value: T) => Promise<void>) =>
  fc.assert(fc.asyncProperty(arb, run), { numRuns: RUNS });

it('fuzzes every POST, PUT and PATCH route the app registers', () => {
  const registered = registeredRoutes(app.app).filter((r) => /^(POST|PUT|PATCH) /.test(r));
  expect([...WITH_BODY, ...WITHOUT_BODY].sort()).toEqual(registered);
});

describe.each(WITH_BODY)('%s', (route) => {
  const sample = () => ruleOf(route).body?.(world) as Record<string, unknown>;
  const keys = () => Object.keys(sample());
  const leaves = () => textLeaves(sample());

  it('takes its own valid body (so every refusal below is about what was changed)', async () => {
    const answer = await sendTo(route, { json: sample() });
    expectHandled(route, answer);
    expect(answer.body?.error?.id, `${route}: ${describeAnswer(answer)}`).not.toBe('invalid_request');
  });

  it('refuses a field of the wrong type, naming it', async () => {
    const wrong = fc.tuple(fc.constantFrom(...keys()), fc.jsonValue({ maxDepth: 3 }));
    await property(wrong, async ([key, value]) => {
      fc.pre(jsonType(value) !== jsonType(sample()[key]));
      expectRefused(route, await sendTo(route, { json: { ...sample(), [key]: value } }), key);
    });
  });

  it('refuses missing fields, naming one, and an empty body', async () => {
    expectRefused(route, await sendTo(route, { json: {} }));
    await property(fc.subarray(keys(), { minLength: 1 }), async (missing) => {
      const body = Object.fromEntries(Object.entries(sample()).filter(([k]) => !missing.includes(k)));
      const answer = await sendTo(route, { json: body });
      expectHandled(route, answer);
      expectNamesOneOf(route, answer, missing);
    });
  });

  it("refuses an extra field, naming it (a vendor's shape: drops it)", async () => {
    const foreign = ruleOf(route).foreignShape === true;
    // Keys that would reach the prototype if a handler merged the body into an object.
    for (const key of ['__proto__', 'constructor', 'prototype', 'toString', 'isAdmin']) {
      const body = `${JSON.stringify(sample()).slice(0, -1)},${JSON.stringify(key)}:{"role":"manager"}}`;
      const answer = await sendTo(route, { raw: body, headers: { 'content-type': 'application/json' } });
      if (foreign) {
        // Dropped: answered as the sample alone is (no 500, no validation error about it).
        expectHandled(route, answer);
        expect(answer.body?.error?.id, `${route}: ${describeAnswer(answer)}`).not.toBe('invalid_request');
        continue;
      }
      expectRefused(route, answer);
      expect(answer.body.error.message, route).toContain(key);
    }
    const extra = fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), fc.jsonValue({ maxDepth: 2 }));
    await property(extra, async ([key, value]) => {
      fc.pre(!keys().includes(key));
      const answer = await sendTo(route, { json: { ...sample(), [key]: value } });
      if (foreign) {
        expectHandled(route, answer);
        expect(answer.body?.error?.id, `${route}: ${describeAnswer(answer)}`).not.toBe('invalid_request');
        return;
      }
      expectRefused(route, answer);
      expect(answer.body.error.message, route).toContain(key);
    });
  });

  it('answers text with control characters, NUL and lone surrogates in any field without a 500', async () => {
    // A body without text (a number of minutes) gets the text where its numbers go: a 400 naming them.
    if (leaves().length === 0)
      for (const key of keys())
        expectRefused(route, await sendTo(route, { json: { ...sample(), [key]: 'a\u0000\ud800b' } }), key);
    for (const leaf of leaves())
      for (const nasty of NASTY_CHARACTERS) {
        const answer = await sendTo(route, { json: withValue(sample(), leaf, `a${nasty}b`) });
        expectHandled(route, answer);
        expectNamesOneOf(route, answer, [String(leaf[0])]);
      }
    if (leaves().length === 0) return;
    await property(fc.tuple(fc.constantFrom(...leaves()), nastyText), async ([leaf, text]) => {
      const answer = await sendTo(route, { json: withValue(sample(), leaf, text) });
      expectHandled(route, answer);
      expectNamesOneOf(route, answer, [String(leaf[0])]);
    });
  });

  it('refuses a string of almost 3 MB in any field, naming it, and a body over 3 MB with 413', async () => {
    for (const leaf of leaves()) {
      const answer = await sendTo(route, {
        json: withValue(sample(), leaf, 'x'.repeat(BODY_LIMIT - 10_000)),
      });
      expectRefused(route, answer, leaf[0]);
      expect(answer.status, route).toBe(400);
    }
    const [leaf = ['x']] = leaves();
    const over = await sendTo(route, { json: withValue(sample(), leaf, 'x'.repeat(BODY_LIMIT + 1)) });
    expectRefused(route, over);
    expect([over.status, over.body.error.id]).toEqual([413, 'too_large']);
  });

  it('refuses JSON nested 10 000 levels deep, as the body or as any field', async () => {
    for (const kind of ['object', 'array'] as const) {
      const deep = nestedJson(10_000, kind);
      expectRefused(
        route,
        await sendTo(route, { raw: deep, headers: { 'content-type': 'application/json' } }),
      );
      for (const key of keys()) {
        const body = JSON.stringify({ ...sample(), [key]: '__DEEP__' }).replace('"__DEEP__"', deep);
        const answer = await sendTo(route, { raw: body, headers: { 'content-type': 'application/json' } });
        expectRefused(route, answer, key);
      }
    }
  });

  it('refuses a body that is not JSON, saying so', async () => {
    const json = { 'content-type': 'application/json' };
    for (const raw of NOT_JSON) {
      const answer = await sendTo(route, { raw, headers: json });
      expectRefused(route, answer);
      expect(answer.body.error.message, `${route} ${JSON.stringify(raw)}`).toMatch(/not valid JSON/);
    }
    await property(fc.string({ unit: 'binary', maxLength: 40 }), async (raw) => {
      let parses = true;
      try {
        JSON.parse(raw);
      } catch {
        parses = false;
      }
      fc.pre(!parses);
      expectRefused(route, await sendTo(route, { raw, headers: json }));
    });
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xff, 0xfe, 0x7d]);
    expectRefused(route, await sendTo(route, { raw: bytes, headers: json }));
  });

  it('refuses its body sent with another content type, or an encoding it cannot read', async () => {
    const text = JSON.stringify(sample());
    for (const headers of [
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'multipart/form-data; boundary=x' },
      { 'content-type': 'application/xml' },
      { 'content-type': 'application/json; charset=utf-16' },
      { 'content-type': 'application/json; charset=nonsense' },
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      { 'content-type': 'application/json', 'content-encoding': 'x-unknown' },
      {},
    ]) {
      const answer = await sendTo(route, { raw: text, headers });
      expectRefused(route, answer);
      expect(answer.body.error.message, JSON.stringify(headers)).toMatch(
        /Content-Type: application\/json|could not be read: (unsupported (charset|content encoding)|incorrect header)|not valid JSON/,
      );
    }
  });
});

/** The routes whose bodies name files: the workspace's (relative) or a live environment's (absolute). */
const NAMING_FILES = [
  'PUT /api/candidate/attempt/challenges/:slug/files',
  'POST /api/candidate/attempt/events',
  'PUT /api/candidate/attempt/challenges/:slug/environment/file',
];

describe.each(NAMING_FILES)('%s', (route) => {
  it('refuses file names that leave the workspace or are not plain paths, naming the field', async () => {
    const sample = ruleOf(route).body?.(world);
    const paths = textLeaves(sample).filter((l) => ['path', 'from', 'to'].includes(String(l.at(-1))));
    expect(paths.length, route).toBeGreaterThan(0);
    const absolute = route.includes('/environment/');
    for (const leaf of paths)
      for (const name of TRAVERSALS) {
        const answer = await sendTo(route, { json: withValue(sample, leaf, name) });
        expectHandled(route, answer);
        const escapes = name.split(/[\\/]/).includes('..') || name.includes('\u0000') || name === '';
        const notRelative = name.startsWith('/') || name.includes('\\');
        if (escapes || (absolute ? !name.startsWith('/') : notRelative))
          expectRefused(route, answer, leaf[0]);
      }
  });
});

describe.each(WITHOUT_BODY)('%s (reads no body)', (route) => {
  it('answers any JSON without a 500, and refuses a body that is not JSON', async () => {
    await property(fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.object()), async (value) => {
      fc.pre(value !== null && typeof value === 'object');
      expectHandled(route, await sendTo(route, { json: value }));
    });
    for (const raw of [...NOT_JSON, nestedJson(10_000, 'array')]) {
      const answer = await sendTo(route, { raw, headers: { 'content-type': 'application/json' } });
      expectHandled(route, answer);
      if (raw.startsWith('[[')) continue;
      expectRefused(route, answer);
    }
    const over = await sendTo(route, { json: { x: 'x'.repeat(BODY_LIMIT + 1) } });
    expect([over.status, over.body.error.id]).toEqual([413, 'too_large']);
  });
});

/** Query strings are not JSON, but they are input too: the GET routes get odd ones. */
const ODD_QUERIES = [
  'path[]=/etc/passwd&challenge[]=x&seq[]=1',
  'path=%00&challenge=%00&seq=%00',
  'path=%ED%A0%80&challenge=%ED%A0%80',
  'path=%FF&challenge=%FF',
  'seq=1e400&afterSeq=-1&limit=abc&before=-1',
  'seq=99999999999999999999&afterSeq=9007199254740993&limit=0',
  'path=/../etc/passwd&challenge=../../etc',
  `challenge=${'a'.repeat(5_000)}&path=/${'a'.repeat(5_000)}`,
  'before=not-a-uuid&action=__proto__&limit=-5',
];

describe.each(Object.keys(ROUTE_RULES).filter((r) => r.startsWith('GET ')))('%s', (route) => {
  it('answers odd query strings without a 500', async () => {
    const rule = ruleOf(route);
    const path = urlOf(route, { ...rule, query: '' }, world);
    for (const query of ODD_QUERIES) {
      const answer = await send(app.baseUrl, {
        method: 'GET',
        path: `${path}?${query}`,
        ...(await credentialsFor(rule)),
      });
      expectHandled(route, answer);
      // A GET has no body: a refusal names the query parameter at fault.
      if (answer.status === 400)
        expect(answer.body.error.message, `${route}?${query}`).not.toMatch(/^body\b/);
    }
  });
});
