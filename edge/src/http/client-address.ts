const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEXTET = /^[0-9a-f]{1,4}$/;

/**
 * The address a client is limited as, from `CF-Connecting-IP`: an IPv4 address as is, an IPv6
 * address as its /64 (`2001:db8:1:2::/64`: one subscriber gets a whole /64 and may rotate through
 * it freely), an IPv4-mapped IPv6 address as its IPv4. Undefined for a missing or malformed value.
 */
export function clientAddress(header: string | null | undefined): string | undefined {
  const value = header?.trim().toLowerCase();
  if (!value) return undefined;
  if (value.includes(':')) return ipv6Prefix(value);
  return ipv4Octets(value)?.join('.');
}

function ipv4Octets(value: string): number[] | undefined {
  const match = value.match(IPV4);
  const octets = match?.slice(1).map(Number);
  return octets?.every((octet) => octet <= 255) ? octets : undefined;
}

function ipv6Prefix(value: string): string | undefined {
  let address = value.split('%')[0]!;
  // A dotted IPv4 tail (`::ffff:192.0.2.1`) is two hextets.
  const dotted = address.match(/^(.*:)(\d+\.[\d.]+)$/);
  if (dotted) {
    const octets = ipv4Octets(dotted[2]!);
    if (!octets) return undefined;
    address = `${dotted[1]}${((octets[0]! << 8) | octets[1]!).toString(16)}:${((octets[2]! << 8) | octets[3]!).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...new Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((group) => HEXTET.test(group))) return undefined;
  const hextets = groups.map((group) => parseInt(group, 16));
  if (hextets.slice(0, 5).every((h) => h === 0) && hextets[5] === 0xffff) {
    return [hextets[6]! >> 8, hextets[6]! & 255, hextets[7]! >> 8, hextets[7]! & 255].join('.');
  }
  return `${hextets.slice(0, 4).map((h) => h.toString(16)).join(':')}::/64`;
}
