import { isIPv4, isIPv6 } from 'node:net';
import ipaddr from 'ipaddr.js';
import { wildcardVerdict } from './public-suffix';

/**
 * Destination (endpoint) syntax and breadth rules for 特定通信 allowlists.
 *
 * Wildcards: the WHOLE Public Suffix List decides, private section included (see
 * `public-suffix.ts`): `*.X` passes only when X is a registrable domain or below one and no public
 * suffix lies below X. `*.co.jp`, `*.s3.amazonaws.com`, `*.blob.core.windows.net`,
 * `*.cloudfront.net` and `*.amazonaws.com` fail; a concrete tenant name
 * (`city-x.s3.ap-northeast-1.amazonaws.com`) passes. A name under a TLD that is not on the list is
 * judged with the PSL default rule `*` (its last label is the public suffix).
 *
 * Addresses: only globally routable unicast space is a destination. A CIDR passes when its network
 * address is `unicast` for ipaddr.js's special-purpose ranges AND no special-purpose range lies
 * inside it (`203.0.0.0/16` contains the documentation net 203.0.113.0/24); an IPv6 CIDR must
 * also lie inside 2000::/3, the global unicast allocation (so all of `::/8`, `64:ff9b::/96`,
 * `fc00::/7`, … fail). The breadth limits (/16, /32) apply besides.
 */

export type EndpointKind = 'fqdn' | 'cidr';

export type ParseEndpointResult = { ok: true; value: string } | { ok: false; reason: string };

export type DestinationReason = 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD' | 'ENDPOINT_TOO_BROAD' | 'ENDPOINT_SPECIAL_PURPOSE' | 'ENDPOINT_INVALID';

export type JudgeResult = { ok: true } | { ok: false; reason: DestinationReason; detail: string };

export interface DestinationParams {
  /** Widest IPv4 prefix accepted (a shorter prefix is too broad). Default 16. */
  maxIpv4Prefix?: number;
  /** Widest IPv6 prefix accepted. Default 32. */
  maxIpv6Prefix?: number;
}

export const DEFAULT_MAX_IPV4_PREFIX = 16;
export const DEFAULT_MAX_IPV6_PREFIX = 32;

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

type SpecialRange = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** ipaddr.js's special-purpose ranges of one family, flattened (the table its `range()` matches against). */
function specialRanges(family: 4 | 6): [ipaddr.IPv4 | ipaddr.IPv6, number, string][] {
  const proto = (family === 4 ? ipaddr.IPv4.prototype : ipaddr.IPv6.prototype) as unknown as {
    SpecialRanges: Record<string, SpecialRange | SpecialRange[]>;
  };
  const out: [ipaddr.IPv4 | ipaddr.IPv6, number, string][] = [];
  for (const [name, value] of Object.entries(proto.SpecialRanges)) {
    const list = Array.isArray(value[0]) ? (value as SpecialRange[]) : [value as SpecialRange];
    for (const [addr, len] of list) out.push([addr, len, name]);
  }
  return out;
}

let special4: ReturnType<typeof specialRanges> | null = null;
let special6: ReturnType<typeof specialRanges> | null = null;
const GLOBAL_UNICAST_6 = ipaddr.IPv6.parse('2000::');

/**
 * Why a canonical CIDR (as `parseEndpoint` gives it) is not globally routable unicast space, or
 * null when it is: the network address must be `unicast`, no special-purpose range may lie inside
 * the CIDR, and IPv6 must be inside 2000::/3.
 */
export function specialPurposeOf(cidr: string): string | null {
  const [net, prefix] = ipaddr.parseCIDR(cidr);
  if (net.kind() === 'ipv6' && !(net as ipaddr.IPv6).match(GLOBAL_UNICAST_6, 3)) return 'outside 2000::/3, the global unicast space';
  const range = net.range();
  if (range !== 'unicast') return `${range} address space`;
  const table = net.kind() === 'ipv4' ? (special4 ??= specialRanges(4)) : (special6 ??= specialRanges(6));
  for (const [addr, len, name] of table) {
    if (len > prefix && addr.kind() === net.kind() && (addr as ipaddr.IPv4).match(net, prefix)) {
      return `contains ${addr.toString()}/${len} (${name})`;
    }
  }
  return null;
}

/**
 * PSL and special-range verdicts depend only on the value: remembered per destination value, so
 * bulk decisions walk the PSL once per distinct wildcard, not once per service and date. Bounded.
 */
const VERDICT_MEMO_LIMIT = 50_000;
const verdicts = new Map<string, JudgeResult>();

function rememberVerdict(key: string, compute: () => JudgeResult): JudgeResult {
  let v = verdicts.get(key);
  if (v === undefined) {
    if (verdicts.size >= VERDICT_MEMO_LIMIT) verdicts.clear();
    verdicts.set(key, (v = compute()));
  }
  return v;
}

/** `judgeDestination` for an endpoint already analysed. */
export function judgeAnalyzed(a: AnalyzedEndpoint, params: DestinationParams = {}): JudgeResult {
  if (!a.ok) return { ok: false, reason: 'ENDPOINT_INVALID', detail: a.reason };
  if (a.kind === 'cidr') {
    const limit = a.family === 4 ? (params.maxIpv4Prefix ?? DEFAULT_MAX_IPV4_PREFIX) : (params.maxIpv6Prefix ?? DEFAULT_MAX_IPV6_PREFIX);
    if (a.prefix < limit) return { ok: false, reason: 'ENDPOINT_TOO_BROAD', detail: `${a.value} is wider than /${limit}` };
    return rememberVerdict(`cidr ${a.value}`, () => {
      const why = specialPurposeOf(a.value);
      return why === null ? { ok: true } : { ok: false, reason: 'ENDPOINT_SPECIAL_PURPOSE', detail: `${a.value}: ${why}` };
    });
  }
  if (!a.value.startsWith('*.')) return { ok: true };
  return rememberVerdict(`fqdn ${a.value}`, () => {
    const v = wildcardVerdict(a.value.slice(2));
    return v.ok ? { ok: true } : { ok: false, reason: 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD', detail: v.detail };
  });
}

/**
 * Whether one destination is specific enough for an allowlist: a concrete FQDN; a wildcard whose
 * base is a registrable domain or below it with no public suffix below (whole PSL); a CIDR no
 * wider than the thresholds, of globally routable unicast space.
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

/** One line of an allowlist text: a destination and the ports it may be reached on (none = any port). */
export interface AllowlistLine {
  /** `fqdn` or `cidr` (a string, as API DTOs carry it). */
  kind: string;
  value: string;
  ports: readonly number[];
}

/**
 * The allowlist as text, one destination and port per line, in the given order: `host:443`,
 * `[2001:db8::/48]:443` (IPv6 in brackets, as in URLs, so the port separator is unambiguous),
 * `203.0.113.0/24:443`; a destination without ports (any port) is its value alone. Lines end with
 * "\n"; an empty list is the empty string.
 */
export function renderAllowlistText(entries: readonly AllowlistLine[]): string {
  let out = '';
  for (const e of entries) {
    const host = e.kind === 'cidr' && e.value.includes(':') ? `[${e.value}]` : e.value;
    if (e.ports.length === 0) out += `${e.value}\n`;
    else for (const p of e.ports) out += `${host}:${p}\n`;
  }
  return out;
}
