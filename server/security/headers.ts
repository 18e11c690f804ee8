import type { RequestHandler } from 'express';

/** A Host header as browsers send it: a name or address and an optional port, nothing else. */
const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The Content-Security-Policy of every answer, as small as test/browser/csp.test.ts proves enough:
 * - `default-src 'self'`: everything comes from Gauntlet's own origin (no CDN, ever).
 * - `script-src 'self'`: Vite's bundles only; no inline script, no eval (zod's one probe of
 *   `Function('')` is refused and zod parses without compiling).
 * - `style-src 'self' 'unsafe-inline'`: measured in Chromium, Monaco sets style attributes (about a
 *   thousand per session) and both Monaco and xterm insert <style> elements at run time; neither
 *   takes a nonce. Inline styles cannot run code, so this leaves scripts as tight as before.
 * - `img-src 'self' data:`: Monaco's stylesheet draws a few icons (colour picker) as data: images.
 * - `font-src 'self'`: the codicon font is a bundled file.
 * - `worker-src 'self'`: Monaco's editor and JSON workers are bundled module workers, same origin.
 * - `connect-src 'self'` plus `ws://host` and `wss://host` of the page itself: the API and the live
 *   terminal's WebSocket (older browsers do not let 'self' cover ws:).
 * - `frame-ancestors 'none'`, `base-uri 'none'`, `form-action 'self'`, `object-src 'none'`: no
 *   framing (clickjacking), no base tag hijack, forms post only here, no plugins.
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const socket = host && HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "worker-src 'self'",
    `connect-src 'self'${socket}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * Security headers on every answer: the CSP above, no MIME sniffing, no referrer, no framing, a
 * cross-origin opener of our own, and HSTS when cookies are Secure (that is, behind TLS).
 */
export function securityHeaders(options: { secureCookies: boolean }): RequestHandler {
  return (req, res, next) => {
    res.set({
      'Content-Security-Policy': contentSecurityPolicy(req.headers.host),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    });
    if (options.secureCookies) res.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}
