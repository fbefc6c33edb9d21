import { describe, expect, it } from '@jest/globals';
import { forbiddenRange, hostOf, webhookUrlProblem } from './target-policy';

describe('webhookUrlProblem', () => {
  it.each(['https://hooks.example.lg.jp/registry', 'http://example.com:8080/a?b=c', 'https://[2001:4860::1]/x'])('accepts %s', (url) => {
    expect(webhookUrlProblem(url)).toBeNull();
  });

  it.each([
    ['not a url', 'must be an absolute http or https URL'],
    ['/relative/path', 'must be an absolute http or https URL'],
    ['ftp://example.com/x', 'must use http or https'],
    ['javascript:alert(1)', 'must use http or https'],
    ['file:///etc/passwd', 'must use http or https'],
    ['https://user:pass@example.com/', 'must not contain credentials'],
    ['https://token@example.com/', 'must not contain credentials'],
    ['https://example.com/#frag', 'must not contain a fragment'],
  ])('refuses %s', (url, problem) => {
    expect(webhookUrlProblem(url)).toBe(problem);
  });
});

describe('forbiddenRange', () => {
  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('lets public unicast %s through', (address) => {
    expect(forbiddenRange(address)).toBeNull();
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:a00:1::', '6to4'],
    ['2001:db8::1', 'reserved'],
    ['not-an-ip', 'invalid'],
  ])('refuses %s (%s)', (address, range) => {
    expect(forbiddenRange(address)).toBe(range);
  });
});

describe('hostOf', () => {
  it('strips the brackets of IPv6 literals', () => {
    expect(hostOf(new URL('http://[::1]:8080/'))).toBe('::1');
    expect(hostOf(new URL('https://Example.COM/'))).toBe('example.com');
  });
});
