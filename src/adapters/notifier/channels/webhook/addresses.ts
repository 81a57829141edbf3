/**
 * Which addresses a customer's webhook may reach in production: public unicast only. Loopback, private,
 * link-local, shared (CGNAT), documentation, benchmarking, multicast and reserved ranges are refused,
 * for IPv4, IPv6 and IPv4 embedded in IPv6 (mapped addresses are matched against the IPv4 rules by
 * BlockList itself; NAT64 is unpacked here).
 */
import { BlockList, isIP } from 'node:net';

const V4 = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const;

const V6 = [
  ['::', 127],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const;

const NON_PUBLIC = new BlockList();
for (const [net, prefix] of V4) NON_PUBLIC.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of V6) NON_PUBLIC.addSubnet(net, prefix, 'ipv6');

/** The 8 hextets of an IPv6 address (no zone, dotted tail allowed). */
const hextets = (address: string): number[] => {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const part = (s: string): number[] => (s === '' ? [] : s.split(':').map((h) => parseInt(h, 16)));
  const h = part(head);
  const t = tail === undefined ? [] : part(tail);
  return [...h, ...Array<number>(8 - h.length - t.length).fill(0), ...t];
};

/** NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits. */
const nat64Embedded = (address: string): string | null => {
  const h = hextets(address);
  if (h[0] !== 0x64 || h[1] !== 0xff9b || h.slice(2, 6).some((x) => x !== 0)) return null;
  const [hi = 0, lo = 0] = h.slice(6);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
};

/** True when `address` (an IP literal) is public unicast. */
export const isPublicAddress = (address: string): boolean => {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return !NON_PUBLIC.check(bare, 'ipv4');
  if (family !== 6) return false;
  const embedded = nat64Embedded(bare);
  if (embedded !== null) return !NON_PUBLIC.check(embedded, 'ipv4');
  return !NON_PUBLIC.check(bare, 'ipv6');
};
