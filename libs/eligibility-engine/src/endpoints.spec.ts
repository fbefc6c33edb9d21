import { describe, expect, it } from '@jest/globals';
import { isUnderDomain, isValidPort, judgeDestination, parseEndpoint, renderAllowlistText } from './endpoints';
import { hasPublicSuffixBelow, registrableDomain } from './public-suffix';

describe('parseEndpoint: fqdn', () => {
  it.each([
    ['example.com', 'example.com'],
    ['App.Example.CO.JP', 'app.example.co.jp'],
    ['example.com.', 'example.com'],
    ['*.example.com', '*.example.com'],
    ['*.com', '*.com'], // syntactically fine; judgeDestination rejects it
    ['xn--eckwd4c7c.xn--zckzah', 'xn--eckwd4c7c.xn--zckzah'],
    ['a-b.c1.example', 'a-b.c1.example'],
    ['1.example.com', '1.example.com'],
    [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
    [
      `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`,
      `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`,
    ],
  ])('%s → %s', (raw, value) => {
    expect(parseEndpoint('fqdn', raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['', /empty/],
    ['.', /empty/],
    ['localhost', /two labels/],
    ['*', /wildcard/],
    ['*.*.example.com', /wildcard/],
    ['a.*.example.com', /wildcard/],
    ['ex*ample.com', /wildcard/],
    ['**.example.com', /wildcard/],
    ['-a.example.com', /label "-a"/],
    ['a-.example.com', /label "a-"/],
    ['a_b.example.com', /label "a_b"/],
    ['a..example.com', /empty label/],
    ['example.com..', /empty label/],
    [`${'a'.repeat(64)}.com`, /longer than 63/],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`, /253/],
    ['192.0.2.1', /IP address/],
    ['2001:db8::1', /ASCII|IP address/],
    ['example.123', /all-numeric/],
    ['日本.jp', /punycode/],
    ['exa mple.com', /ASCII/],
    ['https://example.com', /label|ASCII/],
    ['example.com:443', /label/],
  ])('rejects %p', (raw, reason) => {
    const r = parseEndpoint('fqdn', raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('parseEndpoint: cidr', () => {
  it.each([
    ['203.0.113.0/24', '203.0.113.0/24'],
    ['203.0.113.7', '203.0.113.7/32'],
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['198.51.100.128/25', '198.51.100.128/25'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['2001:0db8:0000:0000:0000:0000:0000:0000/32', '2001:db8::/32'],
    ['2001:db8::1', '2001:db8::1/128'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1/128'], // first longest zero run
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1/128'], // a single zero group is not compressed
    ['::/0', '::/0'],
    ['::1', '::1/128'],
    ['fe80::/10', 'fe80::/10'],
    ['::ffff:192.0.2.1', '::ffff:c000:201/128'],
    ['2001:db8:abcd:12::/64', '2001:db8:abcd:12::/64'],
  ])('%s → %s', (raw, value) => {
    expect(parseEndpoint('cidr', raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['203.0.113.7/24', /host bits.*203\.0\.113\.0\/24/],
    ['10.1.0.0/8', /host bits.*10\.0\.0\.0\/8/],
    ['2001:db8::1/32', /host bits.*2001:db8::\/32/],
    ['fe80::1/10', /host bits/],
    ['203.0.113.0/33', /0–32/],
    ['2001:db8::/129', /0–128/],
    ['203.0.113.0/', /decimal/],
    ['203.0.113.0/024', /decimal/],
    ['203.0.113.0/-1', /decimal/],
    ['203.0.113.0/2 4', /decimal/],
    ['256.0.0.0/8', /not an IPv4 or IPv6/],
    ['01.2.3.4', /not an IPv4 or IPv6/],
    ['203.0.113', /not an IPv4 or IPv6/],
    ['example.com', /not an IPv4 or IPv6/],
    ['fe80::1%eth0', /zone/],
    ['2001:db8:::1', /not an IPv4 or IPv6/],
  ])('rejects %p', (raw, reason) => {
    const r = parseEndpoint('cidr', raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('isValidPort', () => {
  it.each([
    [1, true],
    [443, true],
    [65535, true],
    [0, false],
    [65536, false],
    [-1, false],
    [443.5, false],
    [Number.NaN, false],
    ['443', false],
    [null, false],
  ])('%p → %p', (n, ok) => {
    expect(isValidPort(n)).toBe(ok);
  });
});

describe('judgeDestination', () => {
  it.each([
    // kind, value, params, expected reason (null = ok)
    ['fqdn', 'app.example.co.jp', {}, null],
    ['fqdn', '*.example.co.jp', {}, null],
    ['fqdn', '*.tenant.example.com', {}, null],
    ['fqdn', '*.com', {}, 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD'],
    ['fqdn', '*.co.jp', {}, 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD'],
    ['fqdn', '*.jp', {}, 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD'],
    ['fqdn', '*.lg.jp', {}, 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD'],
    ['fqdn', '*.kawasaki.jp', {}, 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD'],
    ['fqdn', '*.x.kawasaki.jp', {}, 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD'], // ICANN wildcard rule *.kawasaki.jp
    ['fqdn', '*.city.kawasaki.jp', {}, null], // exception rule !city.kawasaki.jp
    ['fqdn', '*.cloudfront.net', {}, 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD'], // private PSL section counts
    ['fqdn', '*.github.io', {}, 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD'],
    ['fqdn', 'city-x.github.io', {}, null],
    ['fqdn', 'co.jp', {}, null], // a concrete name, however odd, names one host
    ['fqdn', '*.example', {}, 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD'], // unlisted TLD: default rule "*"
    ['fqdn', 'bad_name.example.com', {}, 'ENDPOINT_INVALID'],
    ['cidr', '150.95.10.0/24', {}, null],
    ['cidr', '150.95.0.0/16', {}, null], // exactly /16
    ['cidr', '150.94.0.0/15', {}, 'ENDPOINT_TOO_BROAD'],
    ['cidr', '0.0.0.0/0', {}, 'ENDPOINT_TOO_BROAD'],
    ['cidr', '2400:4050::/32', {}, null], // exactly /32
    ['cidr', '2400:4050::/31', {}, 'ENDPOINT_TOO_BROAD'],
    ['cidr', '2400:4050::/48', {}, null],
    ['cidr', '150.95.0.0/16', { maxIpv4Prefix: 20 }, 'ENDPOINT_TOO_BROAD'],
    ['cidr', '150.95.0.0/20', { maxIpv4Prefix: 20 }, null],
    ['cidr', '2400:4050::/40', { maxIpv6Prefix: 48 }, 'ENDPOINT_TOO_BROAD'],
    ['cidr', '203.0.113.1/24', {}, 'ENDPOINT_INVALID'],
  ] as const)('%s %s %j → %s', (kind, value, params, reason) => {
    const r = judgeDestination({ kind, value }, params);
    if (reason === null) expect(r).toEqual({ ok: true });
    else expect(r).toMatchObject({ ok: false, reason });
  });
});

describe('judgeDestination: wildcards under the whole Public Suffix List (domain.md DEST_ALLOWLIST)', () => {
  it.each([
    // value, expected reason (null = ok)
    ['*.co.jp', 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD'], // ICANN suffix
    ['*.s3.amazonaws.com', 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD'], // private suffix
    ['*.s3.ap-northeast-1.amazonaws.com', 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD'],
    ['*.blob.core.windows.net', 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD'],
    ['*.cloudfront.net', 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD'],
    ['*.amazonaws.com', 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD'], // not a suffix, but suffixes lie below it
    ['*.windows.net', 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD'], // blob.core.windows.net … lie below
    ['*.core.windows.net', 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD'],
    ['*.example.co.jp', null],
    ['*.tenant.example.co.jp', null],
    ['*.city-x.s3.ap-northeast-1.amazonaws.com', null], // one tenant's bucket namespace
    ['*.city.kawasaki.jp', null], // PSL exception !city.kawasaki.jp
    ['*.x.kawasaki.jp', 'ENDPOINT_PUBLIC_SUFFIX_WILDCARD'], // wildcard rule *.kawasaki.jp
  ] as const)('%s → %s', (value, reason) => {
    const r = judgeDestination({ kind: 'fqdn', value });
    if (reason === null) expect(r).toEqual({ ok: true });
    else expect(r).toMatchObject({ ok: false, reason });
  });

  it.each([
    'city-x.s3.ap-northeast-1.amazonaws.com', // a concrete tenant name under a private suffix
    'mybucket.s3.amazonaws.com',
    'tenant.blob.core.windows.net',
    'd111.cloudfront.net', // concrete: NO_SHARED_CDN's concern, not DEST_ALLOWLIST's
    's3.amazonaws.com',
  ])('concrete %s passes', (value) => {
    expect(judgeDestination({ kind: 'fqdn', value })).toEqual({ ok: true });
  });
});

describe('the PSL trie walk (guards the tldts data layout)', () => {
  it.each([
    ['jp', true],
    ['co.jp', false], // *.co.jp names are registrable: nothing is listed below co.jp
    ['kawasaki.jp', true], // *.kawasaki.jp
    ['amazonaws.com', true],
    ['s3.amazonaws.com', false],
    ['windows.net', true],
    ['example.co.jp', false],
    ['example.com', false],
    ['unlisted-tld', false],
  ])('hasPublicSuffixBelow(%s) = %p', (name, expected) => {
    expect(hasPublicSuffixBelow(name)).toBe(expected);
  });
  it.each([
    ['co.jp', null],
    ['s3.amazonaws.com', null],
    ['cloudfront.net', null],
    ['amazonaws.com', 'amazonaws.com'],
    ['a.b.example.co.jp', 'example.co.jp'],
    ['city-x.s3.ap-northeast-1.amazonaws.com', 'city-x.s3.ap-northeast-1.amazonaws.com'],
  ])('registrableDomain(%s) = %p', (name, expected) => {
    expect(registrableDomain(name)).toBe(expected);
  });
});

describe('judgeDestination: only globally routable unicast space', () => {
  it.each([
    // every special range domain.md names, at a length the breadth rule would accept
    ['10.0.0.0/16', 'private'],
    ['172.16.0.0/16', 'private'],
    ['192.168.0.0/16', 'private'],
    ['100.64.0.0/16', 'carrierGradeNat'],
    ['127.0.0.0/16', 'loopback'],
    ['169.254.0.0/16', 'linkLocal'],
    ['224.0.0.0/16', 'multicast'],
    ['239.255.0.0/16', 'multicast'],
    ['240.0.0.0/16', 'reserved'],
    ['255.255.255.255/32', 'broadcast'],
    ['192.0.2.0/24', 'reserved'], // TEST-NET-1 (documentation)
    ['198.51.100.0/24', 'reserved'], // TEST-NET-2
    ['203.0.113.0/24', 'reserved'], // TEST-NET-3
    ['198.18.0.0/16', 'reserved'], // benchmarking
    ['0.0.0.0/16', 'unspecified'], // 0.0.0.0/8
    ['0.1.0.0/16', 'unspecified'],
    ['203.0.0.0/16', 'contains 203.0.113.0/24'], // unicast network address, documentation net inside
    ['192.0.0.0/16', 'reserved'],
    ['::ffff:0:0/96', 'outside 2000::/3'], // IPv4-mapped
    ['64:ff9b::/96', 'outside 2000::/3'], // NAT64
    ['2002::/32', '6to4'],
    ['2001::/32', 'teredo'],
    ['2001:db8::/32', 'reserved'], // documentation
    ['fc00::/32', 'outside 2000::/3'], // ULA fc00::/7
    ['fd12:3456::/32', 'outside 2000::/3'],
    ['fe80::/32', 'outside 2000::/3'], // link-local
    ['ff02::/32', 'outside 2000::/3'], // multicast
    ['::/32', 'outside 2000::/3'], // ::/8 contains ::/128, ::1/128
    ['0:1::/32', 'outside 2000::/3'], // ::/8
    ['::1/128', 'outside 2000::/3'],
    ['2001:0::/32', 'teredo'],
  ])('%s fails (%s)', (value, why) => {
    const r = judgeDestination({ kind: 'cidr', value });
    expect(r).toMatchObject({ ok: false, reason: 'ENDPOINT_SPECIAL_PURPOSE' });
    expect((r as { detail: string }).detail).toContain(why);
  });

  it.each(['150.95.0.0/16', '8.8.8.0/24', '1.1.1.1/32', '203.0.112.0/24', '203.0.114.0/24', '2400:4050::/32', '2a00:1450:4001::/48'])(
    '%s passes',
    (value) => {
      expect(judgeDestination({ kind: 'cidr', value })).toEqual({ ok: true });
    },
  );

  it('checks breadth first: a wide special prefix is too broad', () => {
    expect(judgeDestination({ kind: 'cidr', value: '10.0.0.0/8' })).toMatchObject({ reason: 'ENDPOINT_TOO_BROAD' });
    expect(judgeDestination({ kind: 'cidr', value: '2000::/3' })).toMatchObject({ reason: 'ENDPOINT_TOO_BROAD' });
    expect(judgeDestination({ kind: 'cidr', value: '2002::/16' })).toMatchObject({ reason: 'ENDPOINT_TOO_BROAD' });
    expect(judgeDestination({ kind: 'cidr', value: 'fc00::/7' })).toMatchObject({ reason: 'ENDPOINT_TOO_BROAD' });
  });
});

describe('renderAllowlistText', () => {
  it('writes host:port lines, IPv6 in brackets, and the bare value for any port', () => {
    expect(
      renderAllowlistText([
        { kind: 'fqdn', value: 'app.example.co.jp', ports: [443, 8443] },
        { kind: 'fqdn', value: '*.tenant.example.com', ports: [] },
        { kind: 'cidr', value: '150.95.0.0/24', ports: [443] },
        { kind: 'cidr', value: '2400:4050::/48', ports: [443] },
      ]),
    ).toBe('app.example.co.jp:443\napp.example.co.jp:8443\n*.tenant.example.com\n150.95.0.0/24:443\n[2400:4050::/48]:443\n');
  });
  it('is empty for no entries', () => {
    expect(renderAllowlistText([])).toBe('');
  });
});

describe('isUnderDomain', () => {
  it.each([
    ['d111.cloudfront.net', 'cloudfront.net', true],
    ['*.x.cloudfront.net', 'cloudfront.net', true],
    ['*.cloudfront.net', 'cloudfront.net', true],
    ['cloudfront.net', 'cloudfront.net', true],
    ['CloudFront.NET.', 'cloudfront.net', true],
    ['notcloudfront.net', 'cloudfront.net', false],
    ['cloudfront.net.example.com', 'cloudfront.net', false],
    ['*.net', 'cloudfront.net', false],
    ['a.b.cdn.cloudflare.net', 'cdn.cloudflare.net', true],
    ['cloudflare.net', 'cdn.cloudflare.net', false],
  ])('%s under %s → %p', (fqdn, domain, expected) => {
    expect(isUnderDomain(fqdn, domain)).toBe(expected);
  });
});
