/** CIDR arithmetic for the security checks and for Terraform's cidrsubnet/cidrhost functions. */
export interface Cidr {
  readonly family: 4 | 6;
  readonly prefix: number;
  /** The IPv4 network address as an integer; undefined for IPv6 (only its prefix length matters here). */
  readonly address: number | undefined;
}

export function parseCidr(text: string): Cidr | undefined {
  const [address, prefixText, extra] = text.trim().split('/');
  if (address === undefined || prefixText === undefined || extra !== undefined) return undefined;
  if (!/^[0-9]{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (address.includes(':')) {
    return /^[0-9a-fA-F:.]+$/.test(address) && prefix <= 128
      ? { family: 6, prefix, address: undefined }
      : undefined;
  }
  const value = parseIpv4(address);
  return value === undefined || prefix > 32 ? undefined : { family: 4, prefix, address: value };
}

/**
 * Open to the internet: the whole address space, or so much of it that it amounts to the same
 * (0.0.0.0/1 plus 128.0.0.0/1 is the world in two rules). The widest private IPv4 block is a /8.
 */
export function isWorldOpen(cidr: Cidr): boolean {
  return cidr.family === 4 ? cidr.prefix < 8 : cidr.prefix < 16;
}

export function cidrSubnet(prefix: string, newBits: number, netNum: number): string | undefined {
  const base = parseCidr(prefix);
  if (base?.address === undefined) return undefined;
  const length = base.prefix + newBits;
  if (!Number.isInteger(newBits) || !Number.isInteger(netNum) || newBits < 0 || length > 32) return undefined;
  if (netNum < 0 || netNum >= 2 ** newBits) return undefined;
  const network = networkOf(base.address, base.prefix) + netNum * 2 ** (32 - length);
  return `${formatIpv4(network)}/${length}`;
}

export function cidrHost(prefix: string, hostNum: number): string | undefined {
  const base = parseCidr(prefix);
  if (base?.address === undefined || !Number.isInteger(hostNum)) return undefined;
  const size = 2 ** (32 - base.prefix);
  const offset = hostNum < 0 ? size + hostNum : hostNum;
  if (offset < 0 || offset >= size) return undefined;
  return formatIpv4(networkOf(base.address, base.prefix) + offset);
}

function parseIpv4(text: string): number | undefined {
  const octets = text.split('.');
  if (octets.length !== 4 || !octets.every((o) => /^[0-9]{1,3}$/.test(o) && Number(o) <= 255))
    return undefined;
  return octets.reduce((sum, o) => sum * 256 + Number(o), 0);
}

function networkOf(address: number, prefix: number): number {
  const size = 2 ** (32 - prefix);
  return Math.floor(address / size) * size;
}

function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
