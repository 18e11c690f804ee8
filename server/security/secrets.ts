import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets Gauntlet must be able to read back (an identity provider's client secret, a webhook's
 * signing key, an ATS's API key) are stored sealed: AES-256-GCM under a key from configuration,
 * each with its own random nonce, bound to what it is for (`purpose`, e.g. `webhook:<id>`), so a
 * sealed value copied into another row or column does not open there.
 *
 * The stored form is text: `v1.<nonce>.<ciphertext>.<tag>`, base64url parts. `v1` names the format
 * and the key derivation, so a later format can be read beside this one.
 */
export interface SecretBox {
  seal(plain: string, purpose: string): string;
  /** Throws when the value was sealed under another key or purpose, or was changed. */
  open(sealed: string, purpose: string): string;
}

const VERSION = 'v1';

/** `keyMaterial`: SECRETS_KEY, or SESSION_SECRET where none is set; stretched to 256 bits by HKDF. */
export function createSecretBox(keyMaterial: string): SecretBox {
  if (keyMaterial.length < 16) throw new Error('the secrets key must be at least 16 characters');
  const key = Buffer.from(hkdfSync('sha256', keyMaterial, 'gauntlet', 'sealed-secrets-v1', 32));
  return {
    seal(plain, purpose) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(purpose));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, nonce, body, cipher.getAuthTag()]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed, purpose) {
      const [version, nonce, body, tag, ...rest] = sealed.split('.');
      if (
        version !== VERSION ||
        nonce === undefined ||
        body === undefined ||
        tag === undefined ||
        rest.length
      ) {
        throw new Error('not a sealed secret of a known format');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}
