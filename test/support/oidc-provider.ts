import { generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** What the provider says about a person: their claims, the groups claim among them. */
export interface OidcAccount {
  email: string;
  email_verified?: boolean;
  name: string;
  groups: string[];
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

const newRsaKey = (): SigningKey => ({
  kid: randomUUID(),
  privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
});

async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/**
 * A real OpenID provider (oidc-provider 9) on a loopback port, with one confidential client
 * registered for `redirectUri`, PKCE required, its own RSA signing key, and the development
 * interactions (a login form that takes any account id, then a consent form). `accounts` may be
 * changed between sign-ins: the provider reads it on every one.
 */
export async function startOidcProvider(options: {
  redirectUri: string;
  clientId: string;
  clientSecret: string;
}) {
  const accounts = new Map<string, OidcAccount>();
  const key = newRsaKey();
  const server = createServer();
  const issuer = await listenOnLoopback(server);
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        token_endpoint_auth_method: 'client_secret_post',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...key.privateKey.export({ format: 'jwk' }), kid: key.kid, alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['oidc-test-cookie-key'] },
    // groups are released with the profile scope; for the code flow the provider puts them in the
    // UserInfo answer, not in the id_token (conformIdTokenClaims), as many real providers do.
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, email_verified: true, ...account }) };
    },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    key,
    accounts,
    close: () => closeServer(server),
  };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact RS256 JWT signed with `key`: how the crafted id_tokens below are made. */
export function signJwt(key: SigningKey, claims: Record<string, unknown>): string {
  const input = `${b64url({ alg: 'RS256', kid: key.kid, typ: 'JWT' })}.${b64url(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

/**
 * An issuer beside the real provider that answers its own token endpoint with whatever id_token
 * the test crafts next: its discovery document is the real provider's (its authorization endpoint
 * and its JWKS, so signatures are checked against the real provider's keys) with only `issuer` and
 * `token_endpoint` pointing here. A forged, wrongly addressed or expired id_token can be served
 * this way, which a real provider never issues.
 */
export async function startCraftedTokenIssuer(realIssuer: string) {
  const real = (await (await fetch(`${realIssuer}/.well-known/openid-configuration`)).json()) as Record<
    string,
    unknown
  >;
  let nextIdToken = '';
  const tokenRequests: URLSearchParams[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') {
        const { authorization_response_iss_parameter_supported: _, userinfo_endpoint: __, ...rest } = real;
        res.end(JSON.stringify({ ...rest, issuer, token_endpoint: `${issuer}/token` }));
      } else if (req.url === '/token' && req.method === 'POST') {
        tokenRequests.push(new URLSearchParams(body));
        res.end(
          JSON.stringify({
            access_token: randomUUID(),
            token_type: 'Bearer',
            expires_in: 60,
            id_token: nextIdToken,
          }),
        );
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
  });
  const issuer = await listenOnLoopback(server);
  return {
    issuer,
    tokenRequests,
    serve(idToken: string) {
      nextIdToken = idToken;
    },
    close: () => closeServer(server),
  };
}

export { newRsaKey };
