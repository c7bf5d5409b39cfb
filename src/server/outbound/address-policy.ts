import 'server-only';
import net from 'node:net';

// Which network addresses an outbound call made on a workspace's behalf (a webhook) may reach. Anything that is
// not a public unicast address is refused: loopback, private, carrier-grade NAT, link-local (cloud metadata lives
// at 169.254.169.254 and fd00:ec2::254), multicast, reserved and documentation ranges, in IPv4 and IPv6, including
// IPv4 written inside IPv6 (mapped, compatible, NAT64, 6to4). A self-hoster opens specific internal targets with
// WEBHOOK_ALLOWED_HOSTS (host names, or addresses / CIDR ranges).

const refusedV4: [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];
const refusedV6: [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated)
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local (includes fd00:ec2::254, AWS metadata)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const refused = new net.BlockList();
for (const [address, prefix] of refusedV4) refused.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of refusedV6) refused.addSubnet(address, prefix, 'ipv6');

/** The IPv4 address an IPv6 address carries, for the forms that route to it (mapped, NAT64, 6to4). */
export function embeddedIpv4(address: string): string | null {
  if (net.isIPv6(address) === false) return null;
  const groups = expandIpv6(address);
  if (!groups) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zero(0, 5) && groups[5] === 0xffff) return v4(groups[6]!, groups[7]!); // ::ffff:a.b.c.d
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zero(2, 6)) return v4(groups[6]!, groups[7]!); // 64:ff9b::/96
  if (groups[0] === 0x2002) return v4(groups[1]!, groups[2]!); // 2002:AABB:CCDD::/48 (6to4)
  return null;
}

function expandIpv6(address: string): number[] | null {
  let text = address.toLowerCase().split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const parts = dotted[1]!.split('.').map(Number);
    text = `${text.slice(0, -dotted[1]!.length)}${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? left.length !== 8 : missing < 0) return null;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right].map((g) =>
    parseInt(g, 16),
  );
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

export interface AllowList {
  hosts: Set<string>;
  ranges: net.BlockList;
}

/** WEBHOOK_ALLOWED_HOSTS: comma-separated host names, addresses or CIDR ranges. */
export function parseAllowList(value: string | undefined): AllowList {
  const hosts = new Set<string>();
  const ranges = new net.BlockList();
  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const family = net.isIP(address.replace(/^\[|\]$/g, ''));
    if (family) {
      const bare = address.replace(/^\[|\]$/g, '');
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (prefix === undefined) ranges.addAddress(bare, type);
      else ranges.addSubnet(bare, Number(prefix), type);
    } else {
      hosts.add(entry.replace(/\.$/, ''));
    }
  }
  return { hosts, ranges };
}

/** True when WEBHOOK_ALLOWED_HOSTS names this host outright (its addresses are then not checked). */
export function hostAllowed(host: string, allow: AllowList): boolean {
  return allow.hosts.has(host.toLowerCase().replace(/\.$/, ''));
}

/** Why an address may not be reached, or null when it may. */
export function refusedAddress(address: string, allow: AllowList): string | null {
  const family = net.isIP(address);
  if (!family) return `"${address}" is not an IP address`;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (allow.ranges.check(address, type)) return null;
  const inner = family === 6 ? embeddedIpv4(address) : null;
  if (inner && allow.ranges.check(inner, 'ipv4')) return null;
  if (refused.check(address, type) || (inner !== null && refused.check(inner, 'ipv4')))
    return `${address} is not a public address (loopback, private, link-local, metadata or reserved)`;
  return null;
}
