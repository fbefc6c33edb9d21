import ipaddr from 'ipaddr.js';

/**
 * Why a webhook URL is not acceptable, or null when it is. Only absolute http(s) URLs without
 * credentials (`https://user:pass@…` would leak them in logs and the audit trail).
 */
export function webhookUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must use http or https';
  if (url.username !== '' || url.password !== '') return 'must not contain credentials';
  if (url.hostname === '') return 'must name a host';
  if (url.hash !== '') return 'must not contain a fragment';
  return null;
}

/** The host of a URL as a resolver wants it (IPv6 literals without their brackets). */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * The special-purpose range an address belongs to (loopback, private, linkLocal, uniqueLocal,
 * carrierGradeNat, multicast, unspecified, broadcast, reserved, …), or null for a public unicast
 * address. IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry; every IPv6
 * range that embeds or translates to IPv4 (6to4, Teredo, NAT64) is refused as well, since it can
 * reach a private IPv4 network.
 */
export function forbiddenRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  const range = ipaddr.process(address).range(); // process() unwraps IPv4-mapped IPv6
  return range === 'unicast' ? null : range;
}
