import { isIPv4, isIPv6 } from 'node:net';
import { getDomain } from 'tldts';

/**
 * Destination (endpoint) syntax and breadth rules for 特定通信 allowlists.
 *
 * Public Suffix List: only the ICANN section is used (`allowPrivateDomains: false`). domain.md
 * asks that a wildcard sit below a *registrable domain* (never `*.com`, `*.co.jp`); private-section
 * entries such as `cloudfront.net` or `github.io` are provider-operated shared namespaces, which
 * is the NO_SHARED_CDN requirement's concern (a list kept as profile data), not a syntax rule.
 * A name under a TLD that is not on the list is judged with the PSL default rule `*` (its last
 * label is the public suffix), as tldts does.
 */

export type EndpointKind = 'fqdn' | 'cidr';

export type ParseEndpointResult = { ok: true; value: string } | { ok: false; reason: string };

export type DestinationReason = 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD' | 'ENDPOINT_TOO_BROAD' | 'ENDPOINT_INVALID';

export type JudgeResult = { ok: true } | { ok: false; reason: DestinationReason; detail: string };

export interface DestinationParams {
  /** Widest IPv4 prefix accepted (a shorter prefix is too broad). Default 16. */
  maxIpv4Prefix?: number;
  /** Widest IPv6 prefix accepted. Default 32. */
  maxIpv6Prefix?: number;
}

export const DEFAULT_MAX_IPV4_PREFIX = 16;
export const DEFAULT_MAX_IPV6_PREFIX = 32;

const TLD_OPTIONS = {
  allowPrivateDomains: false,
  extractHostname: false,
  detectIp: false,
  validateHostname: false,
  mixedInputs: false,
} as const;

const LABEL_RE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const PREFIX_RE = /^(?:0|[1-9]\d{0,2})$/;

const fail = (reason: string): ParseEndpointResult => ({ ok: false, reason });

/**
 * FQDN: labels of 1–63 characters of a–z, 0–9 and "-" (not at either end), at most 253
 * characters, at least two labels, lower-cased, trailing dot removed; punycode (`xn--`) labels are
 * ordinary labels. One leading `*.` is allowed; no other wildcard. An IP address is not an FQDN.
 */
function parseFqdn(raw: string): ParseEndpointResult {
  let v = raw.toLowerCase();

  if (/[^\x21-\x7e]/.test(v)) return fail('FQDN must be printable ASCII without spaces (write IDN labels in punycode, xn--)');
  if (v.endsWith('.')) v = v.slice(0, -1);
  if (v.length === 0) return fail('FQDN is empty');
  if (v.length > 253) return fail('FQDN is longer than 253 characters');
  // (cheap pre-tests first: node's isIPv6 is a large regex and this is on the engine's hot path)
  if (v.includes(':') ? isIPv6(v) : /^[\d.]+$/.test(v) && isIPv4(v)) return fail('an IP address is not an FQDN (use kind "cidr")');
  const wildcard = v.startsWith('*.');
  const base = wildcard ? v.slice(2) : v;
  if (base.includes('*')) return fail('only one leading "*." wildcard label is allowed');
  const labels = base.split('.');
  if (labels.length + (wildcard ? 1 : 0) < 2) return fail('FQDN needs at least two labels');
  for (const label of labels) {
    if (label.length === 0) return fail('FQDN has an empty label');
    if (label.length > 63) return fail(`label "${label.slice(0, 20)}…" is longer than 63 characters`);
    if (!LABEL_RE.test(label)) return fail(`label "${label}" must be a-z, 0-9 and "-" (not at either end)`);
  }
  if (/^\d+$/.test(labels[labels.length - 1])) return fail('the top-level label must not be all-numeric');
  return { ok: true, value: v };
}

interface Cidr {
  family: 4 | 6;
  prefix: number;
  value: string;
}

/** A dotted-quad already validated by isIPv4 → unsigned 32-bit integer. */
function ipv4ToInt(addr: string): number {
  let n = 0;
  let octet = 0;
  for (let i = 0; i < addr.length; i++) {
    const c = addr.charCodeAt(i);
    if (c === 46) {
      n = n * 256 + octet;
      octet = 0;
    } else octet = octet * 10 + (c - 48);
  }
  return n * 256 + octet;
}

function intToIpv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Eight 16-bit groups of a syntactically valid IPv6 address (checked by isIPv6 first). */
function ipv6ToGroups(addr: string): number[] {
  let s = addr;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    // Embedded IPv4 (e.g. ::ffff:192.0.2.1): rewrite as two hex groups.
    const n = ipv4ToInt(tail);
    s = `${s.slice(0, lastColon + 1)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  const parse = (part: string | undefined): number[] => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  if (halves.length === 1) return parse(halves[0]);
  const left = parse(halves[0]);
  const right = parse(halves[1]);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** RFC 5952 text form: lower case, no leading zeros, the longest run (≥ 2) of zero groups as "::" (first on a tie). */
function groupsToIpv6(groups: number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

function parseCidrParts(raw: string): { ok: true; cidr: Cidr } | { ok: false; reason: string } {
  const slash = raw.indexOf('/');
  const addr = slash < 0 ? raw : raw.slice(0, slash);
  const prefixText = slash < 0 ? null : raw.slice(slash + 1);
  if (prefixText !== null && !PREFIX_RE.test(prefixText)) return { ok: false, reason: 'prefix length must be a decimal integer' };

  if (isIPv4(addr)) {
    const prefix = prefixText === null ? 32 : Number(prefixText);
    if (prefix > 32) return { ok: false, reason: 'IPv4 prefix length must be 0–32' };
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    const n = ipv4ToInt(addr);
    const network = `${intToIpv4((n & mask) >>> 0)}/${prefix}`;
    if ((n & ~mask) >>> 0 !== 0) return { ok: false, reason: `host bits are set (the network is ${network})` };
    return { ok: true, cidr: { family: 4, prefix, value: network } };
  }
  if (addr.includes('%')) return { ok: false, reason: 'IPv6 zone identifiers are not allowed' };
  if (isIPv6(addr)) {
    const prefix = prefixText === null ? 128 : Number(prefixText);
    if (prefix > 128) return { ok: false, reason: 'IPv6 prefix length must be 0–128' };
    const groups = ipv6ToGroups(addr);
    let hostBits = false;
    const net = groups.map((g, i) => {
      const bits = Math.max(0, Math.min(16, prefix - 16 * i));
      const mask = bits === 0 ? 0 : (0xffff << (16 - bits)) & 0xffff;
      if ((g & ~mask & 0xffff) !== 0) hostBits = true;
      return g & mask;
    });
    const network = `${groupsToIpv6(net)}/${prefix}`;
    if (hostBits) return { ok: false, reason: `host bits are set (the network is ${network})` };
    return { ok: true, cidr: { family: 6, prefix, value: network } };
  }
  return { ok: false, reason: 'not an IPv4 or IPv6 address (CIDR a.b.c.d/n or x:x::/n)' };
}

/** One parse of a destination, shared by the checks that need it. */
export type AnalyzedEndpoint =
  | { ok: true; kind: 'fqdn'; value: string }
  | { ok: true; kind: 'cidr'; value: string; family: 4 | 6; prefix: number }
  | { ok: false; kind: EndpointKind; reason: string };

export function analyzeEndpoint(kind: EndpointKind, value: string): AnalyzedEndpoint {
  if (typeof value !== 'string') return { ok: false, kind, reason: 'value must be a string' };
  if (kind === 'fqdn') {
    const r = parseFqdn(value);
    return r.ok ? { ok: true, kind, value: r.value } : { ok: false, kind, reason: r.reason };
  }
  if (kind === 'cidr') {
    const r = parseCidrParts(value);
    return r.ok ? { ok: true, kind, ...r.cidr } : { ok: false, kind, reason: r.reason };
  }
  return { ok: false, kind, reason: `unknown endpoint kind ${JSON.stringify(kind)}` };
}

/**
 * Validates and normalises a destination. CIDR: canonical network form (`10.1.0.0/16`,
 * `2001:db8::/32`); a bare address is a /32 or /128; host bits must be zero.
 */
export function parseEndpoint(kind: EndpointKind, value: string): ParseEndpointResult {
  const a = analyzeEndpoint(kind, value);
  return a.ok ? { ok: true, value: a.value } : { ok: false, reason: a.reason };
}

export function isValidPort(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** `judgeDestination` for an endpoint already analysed. */
export function judgeAnalyzed(a: AnalyzedEndpoint, params: DestinationParams = {}): JudgeResult {
  if (!a.ok) return { ok: false, reason: 'ENDPOINT_INVALID', detail: a.reason };
  if (a.kind === 'cidr') {
    const limit = a.family === 4 ? (params.maxIpv4Prefix ?? DEFAULT_MAX_IPV4_PREFIX) : (params.maxIpv6Prefix ?? DEFAULT_MAX_IPV6_PREFIX);
    if (a.prefix < limit) return { ok: false, reason: 'ENDPOINT_TOO_BROAD', detail: `${a.value} is wider than /${limit}` };
    return { ok: true };
  }
  // A wildcard's base must be a registrable domain or below one: getDomain is null for a public suffix.
  if (a.value.startsWith('*.') && getDomain(a.value.slice(2), TLD_OPTIONS) === null) {
    return { ok: false, reason: 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD', detail: `${a.value.slice(2)} is a public suffix` };
  }
  return { ok: true };
}

/**
 * Whether one destination is specific enough for an allowlist: a concrete FQDN; a wildcard whose
 * base is a registrable domain or below it (ICANN PSL); a CIDR no wider than the thresholds.
 */
export function judgeDestination(endpoint: { kind: EndpointKind; value: string }, params: DestinationParams = {}): JudgeResult {
  return judgeAnalyzed(analyzeEndpoint(endpoint.kind, endpoint.value), params);
}

function bareName(name: string): string {
  let v = name.toLowerCase();
  if (v.endsWith('.')) v = v.slice(0, -1);
  return v.startsWith('*.') ? v.slice(2) : v;
}

/**
 * Whether `fqdn` is `domain` or a name below it; a wildcard counts by its base
 * (`*.x.cloudfront.net` and `*.cloudfront.net` are under `cloudfront.net`; `*.net` is not).
 */
export function isUnderDomain(fqdn: string, domain: string): boolean {
  const name = bareName(fqdn);
  const d = bareName(domain);
  return d.length > 0 && (name === d || name.endsWith(`.${d}`));
}
