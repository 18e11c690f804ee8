import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import { recordingQueue } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  createInvitation,
  createOrganisation,
  PASSWORD,
  type TestOrganisation,
} from '../support/factories.ts';
import { listen } from '../support/http.ts';

let database: TestDatabase;
let org: TestOrganisation;
let plain: Awaited<ReturnType<typeof listen>>;
let secure: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  database = await createTestDatabase();
  org = await createOrganisation(database.db);
  const catalogue = await loadCatalogue();
  const serve = (secureCookies: string) =>
    listen(
      createApp(
        {
          config: configWith({ SESSION_SECRET: 'test-secret-test-secret', SECURE_COOKIES: secureCookies }),
          db: database.db,
          catalogue,
          queue: recordingQueue(),
        },
        { clientDist: '/nonexistent' },
      ),
    );
  plain = await serve('false');
  secure = await serve('true');
});
afterAll(async () => {
  await plain?.close();
  await secure?.close();
  await database?.drop();
});

/** A request as a browser holding exactly `cookie` would send it; returns the set cookie, if any. */
async function send(baseUrl: string, method: string, path: string, cookie?: string, body?: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(cookie ? { cookie } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  await response.arrayBuffer();
  const setCookie = response.headers.getSetCookie()[0] ?? '';
  return { status: response.status, setCookie, headers: response.headers };
}

/** `name=value` of a Set-Cookie line. */
const pairOf = (setCookie: string) => setCookie.split(';')[0] ?? '';

const signIn = (baseUrl: string, cookie?: string) =>
  send(baseUrl, 'POST', '/api/staff/sign-in', cookie, { email: org.manager.email, password: PASSWORD });

describe('sessions', () => {
  it('issues a fresh session id on every sign-in and ends the one the browser held', async () => {
    const first = pairOf((await signIn(plain.baseUrl)).setCookie);
    expect(first).toMatch(/^gauntlet_staff=.{40,}$/);
    expect((await send(plain.baseUrl, 'GET', '/api/staff/me', first)).status).toBe(200);

    const second = pairOf((await signIn(plain.baseUrl, first)).setCookie);
    expect(second).toMatch(/^gauntlet_staff=/);
    expect(second).not.toBe(first);
    expect((await send(plain.baseUrl, 'GET', '/api/staff/me', first)).status).toBe(401);
    expect((await send(plain.baseUrl, 'GET', '/api/staff/me', second)).status).toBe(200);
  });

  it('never adopts a session id planted before sign-in (session fixation)', async () => {
    // An attacker who could set the victim's cookie hopes the sign-in upgrades that id in place.
    const planted = `gauntlet_staff=${'A'.repeat(43)}`;
    const issued = pairOf((await signIn(plain.baseUrl, planted)).setCookie);
    expect(issued).not.toBe(planted);
    expect((await send(plain.baseUrl, 'GET', '/api/staff/me', planted)).status).toBe(401);
  });

  it('ends the session on the server at sign-out, so a copied cookie is worthless afterwards', async () => {
    const cookie = pairOf((await signIn(plain.baseUrl)).setCookie);
    const { rows: before } = await database.db.query('select 1 from sessions where staff_user_id = $1', [
      org.manager.id,
    ]);
    const signOut = await send(plain.baseUrl, 'POST', '/api/staff/sign-out', cookie);
    expect(signOut.status).toBe(204);
    expect(signOut.setCookie).toMatch(/^gauntlet_staff=;/);
    expect(signOut.setCookie).toMatch(/Expires=Thu, 01 Jan 1970/i);
    expect((await send(plain.baseUrl, 'GET', '/api/staff/me', cookie)).status).toBe(401);
    const { rows: after } = await database.db.query('select 1 from sessions where staff_user_id = $1', [
      org.manager.id,
    ]);
    expect(after.length).toBe(before.length - 1);
  });

  it('sets httpOnly, SameSite=Lax cookies without Secure, and no HSTS, when SECURE_COOKIES is off', async () => {
    const staff = await signIn(plain.baseUrl);
    const { token } = await createInvitation(database.db, org);
    const candidate = await send(plain.baseUrl, 'POST', '/api/candidate/enter', undefined, { token });
    expect(candidate.status).toBe(204);
    for (const [name, line] of [
      ['gauntlet_staff', staff.setCookie],
      ['gauntlet_candidate', candidate.setCookie],
    ] as const) {
      expect(line.startsWith(`${name}=`)).toBe(true);
      expect(line).toMatch(/; HttpOnly/i);
      expect(line).toMatch(/; SameSite=Lax/i);
      expect(line).toMatch(/; Path=\//);
      expect(line).not.toMatch(/; Secure/i);
    }
    expect(staff.headers.get('strict-transport-security')).toBeNull();
  });

  it('marks every cookie Secure and sends HSTS when SECURE_COOKIES is on', async () => {
    const staff = await signIn(secure.baseUrl);
    const { token } = await createInvitation(database.db, org);
    const candidate = await send(secure.baseUrl, 'POST', '/api/candidate/enter', undefined, { token });
    for (const line of [staff.setCookie, candidate.setCookie]) {
      expect(line).toMatch(/; Secure/i);
      expect(line).toMatch(/; HttpOnly/i);
      expect(line).toMatch(/; SameSite=Lax/i);
    }
    expect(staff.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('sends the security headers and the policy on pages and API answers alike', async () => {
    for (const path of ['/api/health', '/api/staff/me']) {
      const { headers } = await send(plain.baseUrl, 'GET', path);
      expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(headers.get('content-security-policy')).toContain(
        `connect-src 'self' ws://${new URL(plain.baseUrl).host} wss://${new URL(plain.baseUrl).host}`,
      );
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('keeps a forged Host header from adding sources to the policy', async () => {
    // The policy names ws://<Host>; a Host smuggling in a directive must not widen it.
    const { port } = new URL(plain.baseUrl);
    const policy = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/health',
          headers: { host: "evil.example; script-src 'unsafe-inline' *" },
        },
        (res) => {
          res.resume();
          resolve(String(res.headers['content-security-policy']));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(policy).toContain("connect-src 'self';");
    expect(policy).not.toContain('evil.example');
    expect(policy.match(/script-src/g)).toHaveLength(1);
  });
});
