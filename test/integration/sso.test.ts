import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganisation,
  createStaffMember,
  PASSWORD,
  type TestOrganisation,
} from '../support/factories.ts';
import { Client } from '../support/http.ts';
import { send } from '../support/send.ts';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  SSO_SLUG as SLUG,
  type SsoApp,
  ssoSettings,
  startSsoApp,
} from '../support/sso-app.ts';
import {
  finishSignIn,
  signInWithProvider,
  startSignIn,
  throughProvider,
  whoAmI,
} from '../support/sso-flow.ts';

let sso: SsoApp;
let database: SsoApp['database'];
let app: SsoApp['app'];
let provider: SsoApp['provider'];
let org: TestOrganisation;
let manager: Client;
const settings = (overrides: Record<string, unknown> = {}) => ssoSettings(provider.issuer, overrides);

beforeAll(async () => {
  sso = await startSsoApp();
  ({ database, app, provider, org, manager } = sso);
});
afterAll(async () => {
  await sso?.close();
});

describe('SSO settings', () => {
  it('never answers the client secret, stores it sealed, audits the change, and refuses an interviewer', async () => {
    const read = await manager.get('/api/staff/sso');
    expect(read.status).toBe(200);
    expect(read.body.settings).toMatchObject({ slug: SLUG, clientId: CLIENT_ID, hasClientSecret: true });
    expect(read.body.settings.redirectUri).toBe(`${app.baseUrl}/sign-in/sso`);
    expect(JSON.stringify(read.body)).not.toContain(CLIENT_SECRET);
    const stored = await database.db.query('select client_secret_sealed as s from sso_settings');
    expect(stored.rows[0].s).toMatch(/^v1\./);
    expect(stored.rows[0].s).not.toContain(CLIENT_SECRET);
    const audit = await database.db.query(`select details from audit_log where action = 'sso.configure'`);
    expect(audit.rowCount).toBeGreaterThan(0);
    expect(JSON.stringify(audit.rows)).not.toContain(CLIENT_SECRET);

    const interviewer = new Client(app.baseUrl);
    await interviewer.post('/api/staff/sign-in', { email: org.interviewer.email, password: PASSWORD });
    expect((await interviewer.put('/api/staff/sso', settings())).status).toBe(403);
    expect((await interviewer.get('/api/staff/sso')).status).toBe(403);
  });

  it('refuses an http:// issuer off loopback and an unknown break-glass manager', async () => {
    const offLoopback = await manager.put(
      '/api/staff/sso',
      settings({ issuerUrl: 'http://idp.example.com' }),
    );
    expect([offLoopback.status, offLoopback.body.error.message]).toEqual([
      400,
      'issuerUrl: must be an https:// URL',
    ]);
    const stranger = await manager.put('/api/staff/sso', settings({ breakGlassStaffId: org.interviewer.id }));
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.message).toMatch(/^breakGlassStaffId/);
  });
});

describe('SSO settings without a new secret, and a provider that is down', () => {
  it('keeps the stored client secret when a save leaves it out, and wants one the first time', async () => {
    const { clientSecret: _kept, ...withoutSecret } = settings();
    expect((await manager.put('/api/staff/sso', withoutSecret)).status).toBe(204);
    provider.accounts.set('kim', { email: 'kim@acme.test', name: 'Kim', groups: ['gauntlet-interviewers'] });
    expect((await signInWithProvider(app.baseUrl, SLUG, 'kim')).answer.status).toBe(200);
    const other = await createOrganisation(database.db);
    const otherManager = new Client(app.baseUrl);
    await otherManager.post('/api/staff/sign-in', { email: other.manager.email, password: PASSWORD });
    const first = await otherManager.put('/api/staff/sso', {
      ...withoutSecret,
      slug: 'other-org',
      emailDomain: null,
    });
    expect([first.status, first.body.error.message]).toEqual([
      400,
      'clientSecret: is required the first time',
    ]);
    const taken = await otherManager.put('/api/staff/sso', { ...settings(), emailDomain: null });
    expect([taken.status, taken.body.error.id]).toEqual([409, 'sso_name_taken']);
  });

  it('says the provider cannot be reached when it is down, within the time bound, and stores nothing', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    expect(
      (await manager.put('/api/staff/sso', settings({ issuerUrl: `http://127.0.0.1:${port}` }))).status,
    ).toBe(204);
    try {
      const before = (await database.db.query('select count(*)::int as n from sso_logins')).rows[0].n;
      const started = performance.now();
      const answer = await send(app.baseUrl, {
        method: 'POST',
        path: '/api/auth/sso/start',
        json: { org: SLUG },
      });
      expect([answer.status, answer.body.error.id]).toEqual([502, 'sso_provider_unreachable']);
      expect(answer.body.error.message).toContain('could not be reached');
      expect(answer.text).not.toContain(CLIENT_SECRET);
      expect(performance.now() - started).toBeLessThan(11_000);
      expect((await database.db.query('select count(*)::int as n from sso_logins')).rows[0].n).toBe(before);
    } finally {
      expect((await manager.put('/api/staff/sso', settings())).status).toBe(204);
    }
  });
});

describe('signing in through a real OpenID provider', () => {
  it('asks with PKCE S256, a state and a nonce, and refuses an organisation without SSO', async () => {
    const started = await startSignIn(app.baseUrl, `someone@acme.test`);
    const q = started.url.searchParams;
    expect(started.url.origin).toBe(provider.issuer);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')?.length).toBeGreaterThanOrEqual(32);
    expect(q.get('nonce')?.length).toBeGreaterThanOrEqual(32);
    expect(q.get('redirect_uri')).toBe(`${app.baseUrl}/sign-in/sso`);
    expect(started.url.href).not.toContain(CLIENT_SECRET);
    expect(started.ssoCookie).toMatch(/^gauntlet_sso=/);

    const unknown = await fetch(`${app.baseUrl}/api/auth/sso/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ org: 'nobody@elsewhere.test' }),
    });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.id).toBe('sso_unknown_organisation');
  });

  it('creates the staff member on the first sign-in with the role their groups map to, and updates it on the next', async () => {
    provider.accounts.set('alice', {
      email: 'alice@acme.test',
      name: 'Alice Admin',
      groups: ['gauntlet-managers', 'all-staff'],
    });
    const first = await signInWithProvider(app.baseUrl, 'alice@acme.test', 'alice');
    expect(first.answer.status, first.answer.text).toBe(200);
    const me = await whoAmI(app.baseUrl, first.answer.staffCookie);
    expect(me.body.user).toMatchObject({ email: 'alice@acme.test', name: 'Alice Admin', role: 'manager' });
    const row = await database.db.query(
      'select organisation_id, sso_issuer, sso_subject, password_hash from staff_users where id = $1',
      [me.body.user.id],
    );
    expect(row.rows[0]).toEqual({
      organisation_id: org.organisationId,
      sso_issuer: provider.issuer,
      sso_subject: 'alice',
      password_hash: null,
    });

    provider.accounts.set('alice', {
      email: 'alice@acme.test',
      name: 'Alice Admin',
      groups: ['gauntlet-interviewers'],
    });
    const second = await signInWithProvider(app.baseUrl, SLUG, 'alice');
    expect(second.answer.status, second.answer.text).toBe(200);
    const again = await whoAmI(app.baseUrl, second.answer.staffCookie);
    expect([again.body.user.id, again.body.user.role]).toEqual([me.body.user.id, 'interviewer']);
    const audit = await database.db.query(
      `select count(*)::int as n from audit_log where action = 'staff.sso_sign_in' and target_id = $1`,
      [me.body.user.id],
    );
    expect(audit.rows[0].n).toBe(2);
  });

  it('never demotes the organisation’s last active manager, and audits the role the claim asked for', async () => {
    provider.accounts.set('carol', {
      email: 'carol@acme.test',
      name: 'Carol',
      groups: ['gauntlet-managers'],
    });
    const first = await signInWithProvider(app.baseUrl, SLUG, 'carol');
    expect(first.answer.status, first.answer.text).toBe(200);
    const carol = (await whoAmI(app.baseUrl, first.answer.staffCookie)).body.user;
    // Every other manager of the organisation leaves for the length of this test.
    const others = await database.db.query<{ id: string }>(
      `update staff_users set deactivated_at = now()
       where organisation_id = $1 and role = 'manager' and deactivated_at is null and id <> $2 returning id`,
      [org.organisationId, carol.id],
    );
    try {
      provider.accounts.set('carol', {
        email: 'carol@acme.test',
        name: 'Carol',
        groups: ['gauntlet-interviewers'],
      });
      const second = await signInWithProvider(app.baseUrl, SLUG, 'carol');
      expect(second.answer.status, second.answer.text).toBe(200);
      expect((await whoAmI(app.baseUrl, second.answer.staffCookie)).body.user.role).toBe('manager');
      const audit = await database.db.query(
        `select details from audit_log where action = 'staff.sso_sign_in' and target_id = $1 order by id desc limit 1`,
        [carol.id],
      );
      expect(audit.rows[0].details).toMatchObject({ role: 'manager', claimedRole: 'interviewer' });
    } finally {
      await database.db.query('update staff_users set deactivated_at = null where id = any($1)', [
        others.rows.map((r) => r.id),
      ]);
    }
    // With another manager back, the same claim demotes.
    const third = await signInWithProvider(app.baseUrl, SLUG, 'carol');
    expect((await whoAmI(app.baseUrl, third.answer.staffCookie)).body.user.role).toBe('interviewer');
  });

  it('refuses someone in no mapped group with a clear reason, creating nobody', async () => {
    provider.accounts.set('bob', { email: 'bob@acme.test', name: 'Bob', groups: ['all-staff'] });
    const { answer } = await signInWithProvider(app.baseUrl, SLUG, 'bob');
    expect([answer.status, answer.body.error.id]).toEqual([403, 'sso_no_role']);
    expect(answer.body.error.message).toContain('claim "groups"');
    expect(answer.staffCookie).toBeUndefined();
    expect(
      (await database.db.query(`select 1 from staff_users where email = 'bob@acme.test'`)).rowCount,
    ).toBe(0);
  });

  it('refuses a replayed state, and a callback from a browser that did not start the sign-in', async () => {
    provider.accounts.set('carol', {
      email: 'carol@acme.test',
      name: 'Carol',
      groups: ['gauntlet-interviewers'],
    });
    const { started, params, answer } = await signInWithProvider(app.baseUrl, SLUG, 'carol');
    expect(answer.status).toBe(200);
    const replayed = await finishSignIn(app.baseUrl, started, params);
    expect([replayed.status, replayed.body.error.id]).toEqual([400, 'sso_state_unknown']);
    expect(replayed.staffCookie).toBeUndefined();

    const other = await startSignIn(app.baseUrl, SLUG);
    const otherParams = await throughProvider(other.url.href, 'carol', `${app.baseUrl}/sign-in/sso`);
    const elsewhere = await finishSignIn(
      app.baseUrl,
      { ssoCookie: 'gauntlet_sso=another-browser' },
      otherParams,
    );
    expect([elsewhere.status, elsewhere.body.error.id]).toEqual([400, 'sso_state_unknown']);
  });

  it('never links an account by email across organisations', async () => {
    const otherOrg = await createOrganisation(database.db);
    provider.accounts.set('mallory', {
      email: otherOrg.manager.email,
      name: 'Mallory',
      groups: ['gauntlet-managers'],
    });
    const { answer } = await signInWithProvider(app.baseUrl, SLUG, 'mallory');
    expect([answer.status, answer.body.error.id]).toEqual([409, 'sso_email_taken']);
    const row = await database.db.query(
      'select organisation_id, sso_subject from staff_users where email = $1',
      [otherOrg.manager.email],
    );
    expect(row.rows[0]).toEqual({ organisation_id: otherOrg.organisationId, sso_subject: null });
  });
});

describe('SSO required, and deactivation', () => {
  it('refuses a password to everyone but the break-glass manager', async () => {
    const breakGlass = org.manager.id;
    expect(
      (await manager.put('/api/staff/sso', settings({ ssoRequired: true, breakGlassStaffId: breakGlass })))
        .status,
    ).toBe(204);
    const interviewer = new Client(app.baseUrl);
    const refused = await interviewer.post('/api/staff/sign-in', {
      email: org.interviewer.email,
      password: PASSWORD,
    });
    expect([refused.status, refused.body.error.id]).toEqual([403, 'sso_required']);
    expect(refused.body.error.message).toContain('Sign in with SSO');
    const wrong = await interviewer.post('/api/staff/sign-in', {
      email: org.interviewer.email,
      password: 'wrong',
    });
    expect(wrong.body.error.id).toBe('invalid_credentials');
    const glass = new Client(app.baseUrl);
    expect(
      (await glass.post('/api/staff/sign-in', { email: org.manager.email, password: PASSWORD })).status,
    ).toBe(200);
    expect((await manager.put('/api/staff/sso', settings({ ssoRequired: false }))).status).toBe(204);
  });

  it('ends every live session of a member a manager deactivates at once, and refuses their sign-ins after', async () => {
    provider.accounts.set('frank', {
      email: 'frank@acme.test',
      name: 'Frank',
      groups: ['gauntlet-interviewers'],
    });
    const { answer } = await signInWithProvider(app.baseUrl, SLUG, 'frank');
    const me = await whoAmI(app.baseUrl, answer.staffCookie);
    expect(me.status).toBe(200);
    const passwordUser = await createStaffMember(database.db, org, 'interviewer', 'Grace');
    const grace = new Client(app.baseUrl);
    expect(
      (await grace.post('/api/staff/sign-in', { email: passwordUser.email, password: PASSWORD })).status,
    ).toBe(200);

    for (const id of [me.body.user.id, passwordUser.id])
      expect((await manager.post(`/api/staff/members/${id}/deactivate`)).status).toBe(204);
    expect((await whoAmI(app.baseUrl, answer.staffCookie)).status).toBe(401);
    expect((await grace.get('/api/staff/me')).status).toBe(401);
    expect(
      (
        await database.db.query('select 1 from sessions where staff_user_id = any($1)', [
          [me.body.user.id, passwordUser.id],
        ])
      ).rowCount,
    ).toBe(0);

    const again = await signInWithProvider(app.baseUrl, SLUG, 'frank');
    expect([again.answer.status, again.answer.body.error.id]).toEqual([403, 'deactivated']);
    const password = await grace.post('/api/staff/sign-in', {
      email: passwordUser.email,
      password: PASSWORD,
    });
    expect([password.status, password.body.error.id]).toEqual([403, 'deactivated']);

    const list = await manager.get('/api/staff/members');
    const frank = list.body.staff.find((s: { id: string }) => s.id === me.body.user.id);
    expect(frank).toMatchObject({ sso: true, role: 'interviewer' });
    expect(frank.deactivatedAt).not.toBeNull();
    const audit = await database.db.query(
      `select actor_id from audit_log where action = 'staff.deactivate' and target_id = $1`,
      [passwordUser.id],
    );
    expect(audit.rows).toEqual([{ actor_id: org.manager.id }]);
  });

  it('refuses a manager deactivating themselves or a member of another organisation', async () => {
    const self = await manager.post(`/api/staff/members/${org.manager.id}/deactivate`);
    expect([self.status, self.body.error.id]).toEqual([409, 'deactivate_self']);
    const other = await createOrganisation(database.db);
    const foreign = await manager.post(`/api/staff/members/${other.interviewer.id}/deactivate`);
    expect(foreign.status).toBe(404);
    const row = await database.db.query('select deactivated_at from staff_users where id = $1', [
      other.interviewer.id,
    ]);
    expect(row.rows[0].deactivated_at).toBeNull();
  });
});
