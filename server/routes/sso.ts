import { timingSafeEqual } from 'node:crypto';
import { type Request, Router } from 'express';
import { endSession, openSession, readCookie, STAFF_COOKIE } from '../auth/sessions.ts';
import { newToken } from '../auth/tokens.ts';
import { signInWithSso } from '../commands/sign-in-with-sso.ts';
import { secretsKeyOf } from '../config.ts';
import { ssoCallbackRequestSchema, ssoStartRequestSchema } from '../contract/sso.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError, invalid } from '../errors.ts';
import { presentStaffUser } from '../presenters/staff.ts';
import {
  consumeSsoLogin,
  findSsoSettings,
  findSsoSettingsByName,
  insertSsoLogin,
  sha256,
} from '../queries/sso.ts';
import { auditActor, recordAudit } from '../security/audit.ts';
import { clientIp, enforceRateLimit } from '../security/rate-limit.ts';
import { createSecretBox } from '../security/secrets.ts';
import { beginAuthorization, completeAuthorization, discoverProvider } from '../sso/oidc.ts';

/** The cookie that binds a pending sign-in to the browser that started it (against login CSRF). */
const SSO_COOKIE = 'gauntlet_sso';
const PENDING_MINUTES = 10;

/** The client page the identity provider sends staff back to; register it with the provider. */
export const SSO_CALLBACK_PATH = '/sign-in/sso';

/** The public base URL: PUBLIC_URL when set, else the origin this request came to. */
export const publicBase = (req: Request, publicUrl: string | undefined): string =>
  (publicUrl ?? `${req.protocol}://${req.get('host')}`).replace(/\/$/, '');

export const clientSecretPurpose = (organisationId: string) => `oidc-client-secret:${organisationId}`;

const failed = (message: string, id = 'sso_failed') => new HttpError(400, id, message);

/** The provider's own words, bounded and without control characters, for a readable refusal. */
const providerSays = (error: unknown): string =>
  (error instanceof Error ? `${error.message}${describeCause(error)}` : String(error))
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .slice(0, 300);

/**
 * openid-client wraps the failed check in `cause` (and the check names the id_token claim in its own
 * `cause`): the innermost message and the claim say what was wrong.
 */
function describeCause(error: Error): string {
  let inner: unknown = error.cause;
  let detail = '';
  for (let depth = 0; depth < 4 && inner && typeof inner === 'object'; depth++) {
    if ('claim' in inner && typeof inner.claim === 'string') return `${detail} (claim "${inner.claim}")`;
    if (inner instanceof Error) detail = `: ${inner.message}`;
    inner = 'cause' in inner ? inner.cause : undefined;
  }
  return detail;
}

function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Sign-in with an organisation's OpenID provider: `start` answers the provider's authorization URL
 * (authorization code with PKCE S256, state and nonce; the pending sign-in stored server-side);
 * the client page at SSO_CALLBACK_PATH posts the provider's answer to `callback`, which consumes the
 * pending sign-in once, lets openid-client verify the id_token, and opens the usual staff session.
 * Both answer JSON, so a refusal reaches the sign-in page as a readable message.
 */
export function ssoRoutes(deps: AppDeps): Router {
  const router = Router();
  const box = createSecretBox(secretsKeyOf(deps.config));

  router.post('/sso/start', async (req, res) => {
    const body = ssoStartRequestSchema.parse(req.body);
    await enforceRateLimit(deps, res, 'sign_in_ip', clientIp(req));
    const name = body.org.includes('@') ? (body.org.split('@').pop() ?? '') : body.org;
    const settings = await findSsoSettingsByName(deps.db, name);
    if (!settings) {
      throw invalid(
        `No organisation signs in with SSO as "${name}". Check the email or organisation.`,
        'sso_unknown_organisation',
      );
    }
    let begun: Awaited<ReturnType<typeof beginAuthorization>>;
    try {
      const secret = box.open(settings.clientSecretSealed, clientSecretPurpose(settings.organisationId));
      const provider = await discoverProvider(settings, secret, deps.config);
      begun = await beginAuthorization(
        provider,
        `${publicBase(req, deps.config.PUBLIC_URL)}${SSO_CALLBACK_PATH}`,
      );
    } catch (error) {
      throw new HttpError(
        502,
        'sso_provider_unreachable',
        `Your organisation's identity provider could not be reached: ${providerSays(error)}`,
      );
    }
    const browser = newToken();
    await insertSsoLogin(deps.db, {
      stateHash: sha256(begun.state),
      organisationId: settings.organisationId,
      browserHash: sha256(browser),
      nonce: begun.nonce,
      codeVerifier: begun.codeVerifier,
      expiresAt: new Date(Date.now() + PENDING_MINUTES * 60_000),
    });
    res.cookie(SSO_COOKIE, browser, {
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.config.SECURE_COOKIES,
      path: '/api/auth/sso',
      maxAge: PENDING_MINUTES * 60_000,
    });
    res.json({ url: begun.url });
  });

  router.post('/sso/callback', async (req, res) => {
    const body = ssoCallbackRequestSchema.parse(req.body);
    const params = new URLSearchParams(body.params.replace(/^\?/, ''));
    const state = params.get('state');
    if (!state || state.length > 500)
      throw failed('The sign-in has no state: start again from the sign-in page.');
    // Consumed before anything else is checked: a state works once, whatever happens next.
    const login = await consumeSsoLogin(deps.db, sha256(state));
    if (!login) {
      throw failed(
        'This sign-in was already used or has expired: start again from the sign-in page.',
        'sso_state_unknown',
      );
    }
    const browser = readCookie(req, SSO_COOKIE);
    res.clearCookie(SSO_COOKIE, { path: '/api/auth/sso' });
    if (!browser || !sameHash(sha256(browser), login.browserHash)) {
      throw failed(
        'This sign-in was started in another browser: start again from the sign-in page.',
        'sso_state_unknown',
      );
    }
    const providerError = params.get('error');
    if (providerError) {
      const description = params.get('error_description') ?? '';
      throw failed(
        `Your identity provider refused the sign-in: ${providerSays(`${providerError} ${description}`)}`,
      );
    }
    const settings = await findSsoSettings(deps.db, login.organisationId);
    if (!settings) throw failed('Single sign-on is no longer set up for this organisation.');
    const redirectUri = `${publicBase(req, deps.config.PUBLIC_URL)}${SSO_CALLBACK_PATH}`;
    let claims: Awaited<ReturnType<typeof completeAuthorization>>;
    try {
      const secret = box.open(settings.clientSecretSealed, clientSecretPurpose(settings.organisationId));
      const provider = await discoverProvider(settings, secret, deps.config);
      claims = await completeAuthorization(provider, new URL(`${redirectUri}?${params}`), {
        state,
        nonce: login.nonce,
        codeVerifier: login.codeVerifier,
        groupsClaim: settings.groupsClaim,
      });
    } catch (error) {
      throw failed(`Your identity provider's answer was refused: ${providerSays(error)}`);
    }
    const { user, claimedRole } = await signInWithSso(deps.db, settings, claims);
    await endSession(req, deps, STAFF_COOKIE);
    await openSession(
      res,
      deps,
      STAFF_COOKIE,
      { staffUserId: user.id },
      new Date(Date.now() + deps.config.SESSION_HOURS * 3600_000),
    );
    await recordAudit(deps.db, auditActor(req, user), {
      action: 'staff.sso_sign_in',
      target: { type: 'staff_user', id: user.id },
      details: {
        issuer: claims.iss,
        role: user.role,
        ...(claimedRole !== user.role && { claimedRole, kept: 'the organisation’s last manager' }),
      },
    });
    res.json({ user: presentStaffUser(user) });
  });

  return router;
}
