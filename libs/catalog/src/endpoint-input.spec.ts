import { describe, expect, it } from '@jest/globals';
import { checkEndpointInput, normalizeEndpoint } from './endpoint-input';

describe('the destination check shared by POST /v1/services/{id}/endpoints and the destinations import', () => {
  it.each([
    [
      { kind: 'fqdn', value: 'Meet.Example.JP.' },
      { kind: 'fqdn', value: 'meet.example.jp', ports: [], purpose: null },
    ],
    [
      { kind: 'fqdn', value: '*.example.jp', ports: [8443, 443, 443] },
      { kind: 'fqdn', value: '*.example.jp', ports: [443, 8443], purpose: null },
    ],
    [
      { kind: 'cidr', value: '150.95.10.7' },
      { kind: 'cidr', value: '150.95.10.7/32', ports: [], purpose: null },
    ],
    [
      { kind: 'cidr', value: '2001:DB8:0::/32', purpose: 'x' },
      { kind: 'cidr', value: '2001:db8::/32', ports: [], purpose: 'x' },
    ],
    // what only a decision refuses is still a destination (DEST_ALLOWLIST fails it)
    [
      { kind: 'fqdn', value: '*.co.jp' },
      { kind: 'fqdn', value: '*.co.jp', ports: [], purpose: null },
    ],
    [
      { kind: 'cidr', value: '10.0.0.0/8' },
      { kind: 'cidr', value: '10.0.0.0/8', ports: [], purpose: null },
    ],
  ])('accepts %j as %j', (input, endpoint) => {
    expect(checkEndpointInput(input)).toEqual({ ok: true, endpoint });
  });

  it.each([
    [{ kind: 'url', value: 'meet.example.jp' }, 'kind'],
    [{ kind: 'fqdn', value: 'meet example.jp' }, 'value'],
    [{ kind: 'fqdn', value: '*.*.example.jp' }, 'value'],
    [{ kind: 'cidr', value: '10.0.0.1/8' }, 'value'],
    [{ kind: 'fqdn', value: 'a.example.jp', ports: [0] }, 'ports'],
    [{ kind: 'fqdn', value: 'a.example.jp', ports: [65536] }, 'ports'],
    [{ kind: 'fqdn', value: 'a.example.jp', ports: Array.from({ length: 65 }, (_, i) => i + 1) }, 'ports'],
    [{ kind: 'fqdn', value: 'a.example.jp', purpose: 'x'.repeat(501) }, 'purpose'],
    [{ kind: 'fqdn', value: 'a.example.jp', effectiveOn: '2025-02-30' }, 'effectiveOn'],
    [{ kind: 'fqdn', value: 'a.example.jp', extra: 1 }, 'extra'],
  ])('refuses %j, naming the field %s', (input, field) => {
    const result = checkEndpointInput(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.field)).toContain(field);
  });

  it('normalizeEndpoint is the canonical form addEndpoint stores', () => {
    expect(normalizeEndpoint({ kind: 'cidr', value: '150.95.0.0/16', ports: [443, 80, 443] })).toEqual({
      ok: true,
      endpoint: { kind: 'cidr', value: '150.95.0.0/16', ports: [80, 443], purpose: null },
    });
    expect(normalizeEndpoint({ kind: 'cidr', value: '150.95.0.1/16' })).toEqual({
      ok: false,
      reason: 'host bits are set (the network is 150.95.0.0/16)',
    });
  });
});
