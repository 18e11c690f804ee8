/**
 * The app and a real OpenID provider for the SSO tests: an organisation whose manager is signed in
 * and has configured sign-on at `SSO_SLUG` with `ssoSettings`.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { createOrganisation, PASSWORD, type TestOrganisation } from './factories.ts';
import { Client } from './http.ts';
import { startAppWithRoutes } from './matrix-app.ts';
import { startOidcProvider } from './oidc-provider.ts';

// Tests only: the provider is plain http on loopback, which the app refuses without this flag.
const CONFIG = { OIDC_ALLOW_INSECURE_LOOPBACK: 'true' };
export const CLIENT_ID = 'gauntlet-test';
export const CLIENT_SECRET = `secret-${randomUUID()}`;
export const SSO_SLUG = 'acme-sso';

export interface SsoApp {
  database: TestDatabase;
  app: Awaited<ReturnType<typeof startAppWithRoutes>>;
  provider: Awaited<ReturnType<typeof startOidcProvider>>;
  org: TestOrganisation;
  manager: Client;
  close(): Promise<void>;
}

/** The organisation's sign-on settings against `issuerUrl`, with `overrides`. */
export const ssoSettings = (issuerUrl: string, overrides: Record<string, unknown> = {}) => ({
  slug: SSO_SLUG,
  emailDomain: 'acme.test',
  issuerUrl,
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  groupsClaim: 'groups',
  groupRoles: { 'gauntlet-managers': 'manager', 'gauntlet-interviewers': 'interviewer' },
  ...overrides,
});

export async function startSsoApp(): Promise<SsoApp> {
  const database = await createTestDatabase();
  const app = await startAppWithRoutes(database.db, CONFIG);
  const provider = await startOidcProvider({
    redirectUri: `${app.baseUrl}/sign-in/sso`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
  });
  const org = await createOrganisation(database.db);
  const manager = new Client(app.baseUrl);
  expect(
    (await manager.post('/api/staff/sign-in', { email: org.manager.email, password: PASSWORD })).status,
  ).toBe(200);
  expect((await manager.put('/api/staff/sso', ssoSettings(provider.issuer))).status).toBe(204);
  return {
    database,
    app,
    provider,
    org,
    manager,
    async close() {
      await provider.close();
      await app.close();
      await database.drop();
    },
  };
}
