/** A container image reference, normalised the way the container runtime resolves it. */
export interface ImageRef {
  /** With its registry: `nginx` is `docker.io/library/nginx`. */
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

// The reference grammar of distribution/reference, applied to the parsed `image` value.
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:localhost|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*)(?::\d+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

export function parseImage(text: string): ImageRef | undefined {
  const at = text.indexOf('@');
  const named = at === -1 ? text : text.slice(0, at);
  const digest = at === -1 ? undefined : text.slice(at + 1);
  if (digest !== undefined && !DIGEST.test(digest)) return undefined;
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/');
  const name = hasTag ? named.slice(0, colon) : named;
  const tag = hasTag ? named.slice(colon + 1) : undefined;
  if (tag !== undefined && !TAG.test(tag)) return undefined;
  const parts = name.split('/');
  const first = parts[0] ?? '';
  const explicitDomain =
    parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let domain = explicitDomain ? first : 'docker.io';
  const path = explicitDomain ? parts.slice(1) : parts;
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && path.length === 1) path.unshift('library');
  if (!DOMAIN.test(domain) || path.length === 0 || !path.every((p) => COMPONENT.test(p))) return undefined;
  return { repository: `${domain}/${path.join('/')}`, tag, digest };
}
