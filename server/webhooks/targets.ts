/**
 * Where a webhook may be sent. A manager types the URL, and the server then makes requests to it:
 * without these checks that is a way to reach the cloud's metadata service (169.254.169.254, which
 * hands out credentials) or services inside the network (server-side request forgery). Checked when
 * an endpoint is created and again at every delivery, against the address actually connected to,
 * because a name can resolve elsewhere later (DNS rebinding).
 */
import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { invalid } from '../errors.ts';

/** Never a target: link-local, which holds every cloud's metadata service, and "this network". */
const FORBIDDEN = new BlockList();
FORBIDDEN.addSubnet('169.254.0.0', 16, 'ipv4');
FORBIDDEN.addSubnet('0.0.0.0', 8, 'ipv4');
FORBIDDEN.addSubnet('fe80::', 10, 'ipv6');
FORBIDDEN.addSubnet('fd00:ec2::', 32, 'ipv6'); // AWS's IPv6 metadata service
FORBIDDEN.addAddress('::', 'ipv6');

/** A target only when WEBHOOK_ALLOW_PRIVATE_TARGETS is on: loopback and private networks. */
const PRIVATE = new BlockList();
PRIVATE.addSubnet('127.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('100.64.0.0', 10, 'ipv4'); // carrier-grade NAT, used inside some clouds
PRIVATE.addAddress('::1', 'ipv6');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');

/** Why an address may not be sent to, or undefined when it may. */
export function refusalOf(address: string, allowPrivate: boolean): string | undefined {
  // An IPv4 address written as IPv6 (::ffff:169.254.169.254) is the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip);
  if (family === 0) return `${address} is not an IP address`;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (FORBIDDEN.check(ip, type)) return `${address} is a link-local or metadata address`;
  if (!allowPrivate && PRIVATE.check(ip, type)) {
    return `${address} is a loopback or private address (allowed only with WEBHOOK_ALLOW_PRIVATE_TARGETS)`;
  }
  return undefined;
}

/** The URL's host without IPv6 brackets. */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Checks a URL a manager asks to send webhooks to: http or https, no credentials in it, and a host
 * that is not (and does not resolve to) a refused address. A name that does not resolve now is
 * accepted (the receiver may not exist yet): delivery checks again.
 */
export async function checkTargetUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('url: must be an http:// or https:// URL', 'invalid_webhook_url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid('url: must be an http:// or https:// URL', 'invalid_webhook_url');
  }
  if (url.username || url.password) {
    throw invalid('url: must not carry a user name or password', 'invalid_webhook_url');
  }
  const host = hostOf(url);
  const addresses = isIP(host) ? [host] : await resolveAll(host);
  for (const address of addresses) {
    const refusal = refusalOf(address, allowPrivate);
    if (refusal) throw invalid(`url: ${host} is refused: ${refusal}`, 'refused_webhook_target');
  }
  return url;
}

function resolveAll(host: string): Promise<string[]> {
  return new Promise((resolve) => {
    dnsLookup(host, { all: true }, (error, addresses) =>
      resolve(error ? [] : addresses.map((a) => a.address)),
    );
  });
}

/**
 * A `lookup` for http.request that refuses a name resolving to a refused address, so the check
 * applies to the very address the request connects to.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.map((a) => refusalOf(a.address, allowPrivate)).find(Boolean);
      if (refused) return callback(new Error(`refused target: ${refused}`), '', 0);
      if (options.all) return callback(null, addresses as never, 0);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/** The delivery-time check of a URL whose host is an IP literal (no lookup happens for those). */
export function literalRefusal(url: URL, allowPrivate: boolean): string | undefined {
  const host = hostOf(url);
  return isIP(host) ? refusalOf(host, allowPrivate) : undefined;
}
