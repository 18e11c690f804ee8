/** Sign-on refuses id_tokens the provider would never issue, from a crafted-token issuer beside the real one. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/http.ts';
import { newRsaKey, signJwt, startCraftedTokenIssuer } from '../support/oidc-provider.ts';
import { CLIENT_ID, CLIENT_SECRET, type SsoApp, ssoSettings, startSsoApp } from '../support/sso-app.ts';
import { finishSignIn, startSignIn } from '../support/sso-flow.ts';

let sso: SsoApp;
let database: SsoApp['database'];
let app: SsoApp['app'];
let provider: SsoApp['provider'];
let manager: Client;
const settings = (overrides: Record<string, unknown> = {}) => ssoSettings(provider.issuer, overrides);

beforeAll(async () => {
  sso = await startSsoApp();
  ({ database, app, provider, manager } = sso);
});
afterAll(async () => {
  await sso?.close();
});

describe('id_tokens the provider would never issue (a crafted-token issuer beside the real one)', () => {
  // The crafted issuer serves the real provider's discovery (its JWKS) with its own token endpoint.
  let crafted: Awaited<ReturnType<typeof startCraftedTokenIssuer>>;
  beforeAll(async () => {
    crafted = await startCraftedTokenIssuer(provider.issuer);
    expect(
      (
        await manager.put(
          '/api/staff/sso',
          settings({ slug: 'acme-crafted', emailDomain: null, issuerUrl: crafted.issuer }),
        )
      ).status,
    ).toBe(204);
  });
  afterAll(async () => {
    await manager.put('/api/staff/sso', settings());
    await crafted?.close();
  });

  async function callbackWith(makeClaims: (nonce: string) => Record<string, unknown>, key = provider.key) {
    const started = await startSignIn(app.baseUrl, 'acme-crafted');
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: crafted.issuer,
      sub: 'dave',
      aud: CLIENT_ID,
      iat: now,
      exp: now + 300,
      nonce: started.url.searchParams.get('nonce'),
      email: 'dave@acme.test',
      name: 'Dave',
      groups: ['gauntlet-interviewers'],
    };
    crafted.serve(signJwt(key, { ...claims, ...makeClaims(String(claims.nonce)) }));
    return finishSignIn(
      app.baseUrl,
      started,
      `code=${randomUUID()}&state=${started.url.searchParams.get('state')}`,
    );
  }

  it('accepts a well-made token (so each refusal below is about its one defect), sending the PKCE verifier', async () => {
    const answer = await callbackWith(() => ({}));
    expect(answer.status, answer.text).toBe(200);
    expect(crafted.tokenRequests.at(-1)?.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
  });

  it('refuses an id_token signed by another key under the provider key id (forged)', async () => {
    const forger = { ...newRsaKey(), kid: provider.key.kid };
    const answer = await callbackWith(() => ({ sub: 'eve', email: 'eve@acme.test' }), forger);
    expect([answer.status, answer.body.error.id]).toEqual([400, 'sso_failed']);
    expect(answer.body.error.message).toMatch(/signature/i);
    expect(answer.staffCookie).toBeUndefined();
    expect(
      (await database.db.query(`select 1 from staff_users where email = 'eve@acme.test'`)).rowCount,
    ).toBe(0);
  });

  it('refuses an id_token for another client (wrong audience)', async () => {
    const answer = await callbackWith(() => ({ aud: 'some-other-client' }));
    expect([answer.status, answer.body.error.id]).toEqual([400, 'sso_failed']);
    expect(answer.body.error.message).toMatch(/claim "aud"/);
  });

  it('refuses an expired id_token', async () => {
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    const answer = await callbackWith(() => ({ iat: hourAgo - 300, exp: hourAgo }));
    expect([answer.status, answer.body.error.id]).toEqual([400, 'sso_failed']);
    expect(answer.body.error.message).toMatch(/claim "exp"/);
  });

  it('refuses an id_token with another nonce, and never says the client secret', async () => {
    const answer = await callbackWith(() => ({ nonce: 'a-nonce-from-another-sign-in-000000' }));
    expect([answer.status, answer.body.error.id]).toEqual([400, 'sso_failed']);
    expect(answer.text).not.toContain(CLIENT_SECRET);
  });
});
