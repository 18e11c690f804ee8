import * as oidc from 'openid-client';
import type { Config } from '../config.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** How long a call to an identity provider may take: a slow provider fails the sign-in, not the server. */
const PROVIDER_TIMEOUT_SECONDS = 10;

/**
 * Why an issuer URL is refused, or null when it is fine: https:// always, plain http:// only to a
 * provider on loopback and only with OIDC_ALLOW_INSECURE_LOOPBACK (tests, a local provider).
 */
export function issuerProblem(issuerUrl: string, config: Config): string | null {
  let url: URL;
  try {
    url = new URL(issuerUrl);
  } catch {
    return 'issuerUrl: must be a URL';
  }
  if (url.search || url.hash) return 'issuerUrl: must not have a query or fragment';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && config.OIDC_ALLOW_INSECURE_LOOPBACK && LOOPBACK.has(url.hostname))
    return null;
  return 'issuerUrl: must be an https:// URL';
}

/**
 * The provider's metadata (its endpoints and JWKS) for this client, by discovery. openid-client
 * checks the discovered `issuer` equals the URL. Non-repudiation checks are on: by default it trusts
 * an id_token from the token endpoint over TLS without verifying its signature; here every id_token's
 * signature is verified against the issuer's JWKS too, so a forged token is refused even over http.
 */
export function discoverProvider(
  settings: { issuerUrl: string; clientId: string },
  clientSecret: string,
  config: Config,
): Promise<oidc.Configuration> {
  const problem = issuerProblem(settings.issuerUrl, config);
  if (problem) throw new Error(problem);
  const execute: ((c: oidc.Configuration) => void)[] = [oidc.enableNonRepudiationChecks];
  // Only reached for a loopback http:// issuer with OIDC_ALLOW_INSECURE_LOOPBACK (issuerProblem).
  if (settings.issuerUrl.startsWith('http:')) execute.push(oidc.allowInsecureRequests);
  return oidc.discovery(
    new URL(settings.issuerUrl),
    settings.clientId,
    clientSecret,
    oidc.ClientSecretPost(clientSecret),
    { execute, timeout: PROVIDER_TIMEOUT_SECONDS },
  );
}

/** The first leg: a fresh state, nonce and PKCE verifier, and the URL to send the browser to. */
export async function beginAuthorization(provider: oidc.Configuration, redirectUri: string) {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(provider, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, state, nonce, codeVerifier };
}

/**
 * The second leg: exchanges the code (with the PKCE verifier) and lets openid-client check the
 * response's state and the id_token's signature, iss, aud, exp, iat and nonce. Returns the id_token's
 * claims, completed from the UserInfo endpoint when the groups claim is not in the id_token (many
 * providers keep claims there for the code flow).
 */
export async function completeAuthorization(
  provider: oidc.Configuration,
  callbackUrl: URL,
  expected: { state: string; nonce: string; codeVerifier: string; groupsClaim: string },
): Promise<Record<string, unknown> & { iss: string; sub: string }> {
  const tokens = await oidc.authorizationCodeGrant(provider, callbackUrl, {
    pkceCodeVerifier: expected.codeVerifier,
    expectedState: expected.state,
    expectedNonce: expected.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error('the provider returned no id_token');
  if (claims[expected.groupsClaim] !== undefined || !provider.serverMetadata().userinfo_endpoint)
    return claims;
  const userInfo = await oidc.fetchUserInfo(provider, tokens.access_token, claims.sub);
  // The id_token's verified iss and sub win over anything the UserInfo answer says.
  return { ...userInfo, ...claims };
}
