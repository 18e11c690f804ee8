import { createHash, createHmac, randomBytes } from 'node:crypto';

/** A long random secret for links and cookies: 32 bytes, base64url. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** How invitation tokens are stored: only their sha256, so a database leak reveals no link. */
export const hashInvitationToken = (token: string): Buffer => createHash('sha256').update(token).digest();

/** How session ids are stored: an HMAC with the server's secret. */
export const hashSessionId = (sessionId: string, secret: string): Buffer =>
  createHmac('sha256', secret).update(sessionId).digest();
