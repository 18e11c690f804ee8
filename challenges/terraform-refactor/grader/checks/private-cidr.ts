import { parseCidr } from '../../../_lib/hcl/cidr.ts';

/** RFC 1918's private IPv4 blocks, as [network, prefix length]. */
const PRIVATE_V4: readonly [number, number][] = [
  [ipv4(10, 0, 0, 0), 8],
  [ipv4(172, 16, 0, 0), 12],
  [ipv4(192, 168, 0, 0), 16],
];

/**
 * Whether every address of `text` is private: inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, or
 * for IPv6 inside the unique local block fc00::/7. Anything else can be reached from the internet.
 */
export function isPrivateCidr(text: string): boolean {
  const cidr = parseCidr(text);
  if (!cidr) return false;
  if (cidr.family === 6) return cidr.prefix >= 7 && isUniqueLocal(text);
  const address = cidr.address;
  if (address === undefined) return false;
  return PRIVATE_V4.some(
    ([network, prefix]) =>
      cidr.prefix >= prefix && Math.floor(address / 2 ** (32 - prefix)) === network / 2 ** (32 - prefix),
  );
}

function isUniqueLocal(text: string): boolean {
  const first = text.trim().split(':')[0] ?? '';
  if (!/^[0-9a-fA-F]{1,4}$/.test(first)) return false;
  // An omitted leading group ("::1/128") is zero, which is not fc00::/7.
  return (Number.parseInt(first.padStart(4, '0'), 16) & 0xfe00) === 0xfc00;
}

function ipv4(a: number, b: number, c: number, d: number): number {
  return ((a * 256 + b) * 256 + c) * 256 + d;
}
