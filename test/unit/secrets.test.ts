import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../server/security/secrets.ts';

const box = createSecretBox('a-key-of-sixteen-or-more');

describe('sealed secrets', () => {
  it('open what they sealed, and never store the plain text', () => {
    const sealed = box.seal('client-secret-123', 'oidc:org-1');
    expect(sealed).not.toContain('client-secret-123');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(box.open(sealed, 'oidc:org-1')).toBe('client-secret-123');
  });

  it('seal the same secret differently each time (a fresh nonce)', () => {
    expect(box.seal('same', 'p')).not.toBe(box.seal('same', 'p'));
  });

  it('refuse another purpose, another key, a changed byte and an unknown format', () => {
    const sealed = box.seal('webhook-key', 'webhook:1');
    expect(() => box.open(sealed, 'webhook:2')).toThrow();
    expect(() => createSecretBox('another-key-of-sixteen').open(sealed, 'webhook:1')).toThrow();
    const [v, nonce, body, tag] = sealed.split('.') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => box.open([v, nonce, flipped.toString('base64url'), tag].join('.'), 'webhook:1')).toThrow();
    expect(() => box.open('plain text', 'webhook:1')).toThrow(/known format/);
  });

  it('refuse a key too short to be one', () => {
    expect(() => createSecretBox('short')).toThrow(/16 characters/);
  });
});
