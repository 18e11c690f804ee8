import { type Answer, send } from './send.ts';

/** The name=value pairs a response sets, dropping the ones it deletes. */
function keepCookies(jar: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1);
    if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/**
 * Walks a browser through the provider from the authorization URL, by hand: follows redirects with
 * the provider's cookies, fills the development login form with `accountId`, confirms consent, and
 * stops at the redirect back to `redirectUri`, returning its query string (what the client page
 * would post to the callback).
 */
export async function throughProvider(
  authorizationUrl: string,
  accountId: string,
  redirectUri: string,
): Promise<string> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  let form: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: cookieHeader(jar),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: form.toString() } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    keepCookies(jar, response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url).href;
      if (next.startsWith(`${redirectUri}?`)) return new URL(next).search.slice(1);
      url = next;
      form = undefined;
      continue;
    }
    const html = await response.text();
    const uid = /\/interaction\/([^/?#]+)$/.exec(new URL(url).pathname)?.[1];
    if (response.status !== 200 || !uid)
      throw new Error(`the provider answered ${response.status} at ${url}: ${html.slice(0, 300)}`);
    form = html.includes('name="login"')
      ? new URLSearchParams({ prompt: 'login', login: accountId, password: 'any' })
      : new URLSearchParams({ prompt: 'consent' });
    url = new URL(`/interaction/${uid}`, url).href;
  }
  throw new Error('the provider never sent the browser back');
}

export interface StartedSignIn {
  /** The provider's authorization URL. */
  url: URL;
  /** The pending sign-in's browser cookie (gauntlet_sso=…), sent with the callback. */
  ssoCookie: string;
}

/** Starts an SSO sign-in at the app as a browser would (POST start), keeping its binding cookie. */
export async function startSignIn(appBase: string, org: string): Promise<StartedSignIn> {
  const response = await fetch(`${appBase}/api/auth/sso/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ org }),
  });
  const body = (await response.json()) as { url?: string; error?: { message: string } };
  if (!body.url) throw new Error(`start answered ${response.status}: ${JSON.stringify(body)}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('gauntlet_sso='));
  if (!cookie) throw new Error('start set no gauntlet_sso cookie');
  return { url: new URL(body.url), ssoCookie: cookie.split(';')[0] ?? '' };
}

/** Posts the provider's answer to the callback as the client page does; the staff cookie comes back in `staffCookie`. */
export async function finishSignIn(
  appBase: string,
  started: Pick<StartedSignIn, 'ssoCookie'>,
  params: string,
): Promise<Answer & { staffCookie: string | undefined }> {
  const response = await fetch(`${appBase}/api/auth/sso/callback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: started.ssoCookie },
    body: JSON.stringify({ params }),
  });
  const text = await response.text();
  const staff = response.headers.getSetCookie().find((c) => c.startsWith('gauntlet_staff='));
  return {
    status: response.status,
    text,
    body: text ? JSON.parse(text) : null,
    ms: 0,
    staffCookie: staff?.split(';')[0],
  };
}

/** The whole sign-in as `accountId`: start, the provider's pages, the callback. */
export async function signInWithProvider(appBase: string, org: string, accountId: string) {
  const started = await startSignIn(appBase, org);
  const params = await throughProvider(started.url.href, accountId, `${appBase}/sign-in/sso`);
  return { started, params, answer: await finishSignIn(appBase, started, params) };
}

/** GET /api/staff/me with a staff cookie. */
export const whoAmI = (appBase: string, cookie: string | undefined) =>
  send(appBase, { method: 'GET', path: '/api/staff/me', cookie });
