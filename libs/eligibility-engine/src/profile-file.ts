import { isIsoDate } from './dates';
import { parseEndpoint } from './endpoints';
import type { EndpointCheck, Obligation, ProfileEdition, RequirementKind, RequirementParams, RequirementSpec, Threshold } from './types';

/** A criteria profile edition as stored in `data/criteria/<key>.<edition>.json`. */
export type ProfileFile = ProfileEdition & { title: string; titleEn: string; source: string };

const ID_RE = /^[A-Z][A-Z0-9_]*$/;
const KEY_RE = /^[a-z0-9][a-z0-9-]*$/;
const KINDS: readonly RequirementKind[] = ['scheme', 'category', 'endpoints', 'attestation', 'method'];
const TOKEN_RE = /^[a-z][a-z0-9_]*$/;
const MEASURE_RE = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const CHECKS: readonly EndpointCheck[] = ['allowlist', 'no_shared_cdn'];

type Obj = Record<string, unknown>;

/** A profile file that does not validate; `path` locates the field (`requirements[2].params.check`). */
export class ProfileFileError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`Invalid profile file: ${path || '(root)'} ${detail}`);
  }

  /** The path as a JSON Pointer (RFC 6901): `/requirements/2/params/check`. */
  get pointer(): string {
    return this.path
      ? `/${this.path
          .replace(/\[(\d+)\]/g, '.$1')
          .split('.')
          .join('/')}`
      : '';
  }
}

function fail(path: string, message: string): never {
  throw new ProfileFileError(path, message);
}

const at = (path: string, k: string): string => (path ? `${path}.${k}` : k);

function obj(v: unknown, path: string, allowed: readonly string[]): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'must be an object');
  for (const k of Object.keys(v)) if (!allowed.includes(k)) fail(at(path, k), 'is not a known field');
  return v as Obj;
}

function str(o: Obj, k: string, path: string, re?: RegExp): string {
  const v = o[k];
  if (typeof v !== 'string' || v.trim() === '') fail(at(path, k), 'must be a non-empty string');
  if (re && !re.test(v)) fail(at(path, k), `must match ${re}`);
  return v;
}

/** Bounds of a requirement's lists (schemes, categories, CDN domains): a domain name is at most 253 characters. */
export const MAX_PARAM_LIST_ITEMS = 100;
export const MAX_PARAM_ITEM_LENGTH = 253;

function strList(o: Obj, k: string, path: string, required: boolean): string[] | undefined {
  const v = o[k];
  if (v === undefined && !required) return undefined;
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string' && x.trim() !== '')) {
    fail(at(path, k), 'must be a non-empty array of non-empty strings');
  }
  if (v.length > MAX_PARAM_LIST_ITEMS || v.some((x: string) => x.length > MAX_PARAM_ITEM_LENGTH)) {
    fail(at(path, k), `must have at most ${MAX_PARAM_LIST_ITEMS} entries of at most ${MAX_PARAM_ITEM_LENGTH} characters`);
  }
  if (new Set(v).size !== v.length) fail(at(path, k), 'must not repeat a value');
  return [...(v as string[])];
}

function int(o: Obj, k: string, path: string, min: number, max: number): number | undefined {
  const v = o[k];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(at(path, k), `must be an integer ${min}–${max}`);
  return v;
}

function params(kind: RequirementKind, raw: unknown, path: string): RequirementParams {
  switch (kind) {
    case 'scheme': {
      const o = obj(raw, path, ['schemes']);
      return { schemes: strList(o, 'schemes', path, true) };
    }
    case 'category': {
      const o = obj(raw, path, ['allowedCategories']);
      return { allowedCategories: strList(o, 'allowedCategories', path, true) };
    }
    case 'endpoints': {
      const o = obj(raw, path, ['check', 'maxIpv4Prefix', 'maxIpv6Prefix', 'sharedCdnDomains']);
      const check = o['check'];
      if (!CHECKS.includes(check as EndpointCheck)) fail(`${path}.check`, `must be one of ${CHECKS.join(', ')}`);
      if (check === 'allowlist') {
        const p: RequirementParams = { check: 'allowlist' };
        const v4 = int(o, 'maxIpv4Prefix', path, 0, 32);
        const v6 = int(o, 'maxIpv6Prefix', path, 0, 128);
        if (v4 !== undefined) p.maxIpv4Prefix = v4;
        if (v6 !== undefined) p.maxIpv6Prefix = v6;
        if (o['sharedCdnDomains'] !== undefined) fail(`${path}.sharedCdnDomains`, 'belongs to a no_shared_cdn check');
        return p;
      }
      if (o['maxIpv4Prefix'] !== undefined || o['maxIpv6Prefix'] !== undefined) fail(path, 'prefix limits belong to an allowlist check');
      const domains = strList(o, 'sharedCdnDomains', path, true)!;
      domains.forEach((d, i) => {
        const p = parseEndpoint('fqdn', d);
        if (!p.ok || p.value !== d || d.startsWith('*.')) fail(`${path}.sharedCdnDomains[${i}]`, 'must be a lower-case domain name');
      });
      return { check: 'no_shared_cdn', sharedCdnDomains: domains };
    }
    case 'attestation': {
      const o = obj(raw, path, ['appliesToMethods', 'thresholds']);
      const p: RequirementParams = {};
      const applies = strList(o, 'appliesToMethods', path, false);
      if (applies !== undefined) p.appliesToMethods = tokens(applies, at(path, 'appliesToMethods'));
      if (o['thresholds'] !== undefined) p.thresholds = thresholds(o['thresholds'], at(path, 'thresholds'));
      return p;
    }
    case 'method': {
      const o = obj(raw, path, ['acceptedMethods']);
      return { acceptedMethods: tokens(strList(o, 'acceptedMethods', path, true)!, at(path, 'acceptedMethods')) };
    }
  }
}

function tokens(list: string[], path: string): string[] {
  list.forEach((m, i) => {
    if (!TOKEN_RE.test(m)) fail(`${path}[${i}]`, `must match ${TOKEN_RE}`);
  });
  return list;
}

function thresholds(raw: unknown, path: string): Threshold[] {
  if (!Array.isArray(raw) || raw.length === 0) fail(path, 'must be a non-empty array');
  const seen = new Set<string>();
  return raw.map((t, i) => {
    const p = `${path}[${i}]`;
    const o = obj(t, p, ['measure', 'min', 'corpus']);
    const measure = str(o, 'measure', p, MEASURE_RE);
    const min = o['min'];
    if (typeof min !== 'number' || !Number.isFinite(min)) fail(at(p, 'min'), 'must be a finite number');
    const out: Threshold = { measure, min };
    if (o['corpus'] !== undefined) out.corpus = str(o, 'corpus', p);
    const key = `${measure}\u0000${out.corpus ?? ''}`;
    if (seen.has(key)) fail(p, `repeats the threshold on ${measure}`);
    seen.add(key);
    return out;
  });
}

const NETWORK_MODELS = ['alpha', 'alpha_prime', 'beta', 'beta_prime'];
const BREAKOUT_POINTS = ['own_firewall', 'security_cloud'];

function oneOf(list: string[] | undefined, allowed: readonly string[], path: string): string[] | undefined {
  list?.forEach((v, i) => {
    if (!allowed.includes(v)) fail(`${path}[${i}]`, `must be one of ${allowed.join(', ')}`);
  });
  return list;
}

function metBy(raw: unknown, path: string): Obligation['metBy'] {
  const o = obj(raw, path, ['measure', 'usageOf']);
  if ((o['measure'] === undefined) === (o['usageOf'] === undefined)) fail(path, 'must name exactly one of measure, usageOf');
  if (o['measure'] !== undefined) return { measure: str(o, 'measure', path, /^[A-Z][A-Z0-9_]*$/) };
  return { usageOf: str(o, 'usageOf', path, KEY_RE) };
}

/**
 * Validates a parsed criteria profile file and returns a fresh, typed copy. Throws an Error naming
 * the first bad field (e.g. `Invalid profile file: requirements[2].params.schemes must be ...`).
 * Unknown fields are rejected so that a typo cannot silently drop a rule.
 */
export function parseProfileFile(json: unknown): ProfileFile {
  const o = obj(json, '', [
    'key',
    'edition',
    'title',
    'titleEn',
    'effectiveFrom',
    'effectiveUntil',
    'maxEvidenceAgeDays',
    'source',
    'requirements',
    'obligations',
  ]);
  const key = str(o, 'key', '', KEY_RE);
  const edition = str(o, 'edition', '');
  const title = str(o, 'title', '');
  const titleEn = str(o, 'titleEn', '');
  const source = str(o, 'source', '');
  const effectiveFrom = o['effectiveFrom'];
  if (!isIsoDate(effectiveFrom)) fail('effectiveFrom', 'must be an ISO date YYYY-MM-DD');
  const effectiveUntil = o['effectiveUntil'] ?? null;
  if (effectiveUntil !== null && !isIsoDate(effectiveUntil)) fail('effectiveUntil', 'must be an ISO date YYYY-MM-DD or null');
  if (effectiveUntil !== null && effectiveUntil < effectiveFrom) fail('effectiveUntil', 'must not be before effectiveFrom');
  const age = o['maxEvidenceAgeDays'] ?? null;
  if (age !== null && (typeof age !== 'number' || !Number.isInteger(age) || age < 0)) {
    fail('maxEvidenceAgeDays', 'must be a non-negative integer or null');
  }

  if (!Array.isArray(o['requirements']) || o['requirements'].length === 0) fail('requirements', 'must be a non-empty array');
  const seen = new Set<string>();
  const requirements: RequirementSpec[] = (o['requirements'] as unknown[]).map((raw, i) => {
    const path = `requirements[${i}]`;
    const r = obj(raw, path, ['id', 'kind', 'mandatory', 'title', 'titleEn', 'params', 'source']);
    const id = str(r, 'id', path, ID_RE);
    if (seen.has(id)) fail(`${path}.id`, `repeats ${id}`);
    seen.add(id);
    const kind = r['kind'];
    if (!KINDS.includes(kind as RequirementKind)) fail(`${path}.kind`, `must be one of ${KINDS.join(', ')}`);
    if (typeof r['mandatory'] !== 'boolean') fail(`${path}.mandatory`, 'must be a boolean');
    return {
      id,
      kind: kind as RequirementKind,
      mandatory: r['mandatory'],
      title: str(r, 'title', path),
      titleEn: str(r, 'titleEn', path),
      source: str(r, 'source', path),
      params: params(kind as RequirementKind, r['params'] ?? {}, `${path}.params`),
    };
  });

  if (!Array.isArray(o['obligations'])) fail('obligations', 'must be an array');
  const seenObligations = new Set<string>();
  const obligations: Obligation[] = (o['obligations'] as unknown[]).map((raw, i) => {
    const path = `obligations[${i}]`;
    const r = obj(raw, path, ['id', 'title', 'titleEn', 'source', 'requiredUnder', 'requiredAtBreakout', 'metBy']);
    const id = str(r, 'id', path, ID_RE);
    if (seenObligations.has(id)) fail(`${path}.id`, `repeats ${id}`);
    seenObligations.add(id);
    const out: Obligation = { id, title: str(r, 'title', path), titleEn: str(r, 'titleEn', path), source: str(r, 'source', path) };
    const under = oneOf(strList(r, 'requiredUnder', path, false), NETWORK_MODELS, at(path, 'requiredUnder'));
    const breakout = oneOf(strList(r, 'requiredAtBreakout', path, false), BREAKOUT_POINTS, at(path, 'requiredAtBreakout'));
    if (under !== undefined) out.requiredUnder = under;
    if (breakout !== undefined) out.requiredAtBreakout = breakout;
    if (r['metBy'] !== undefined) out.metBy = metBy(r['metBy'], at(path, 'metBy'));
    return out;
  });

  return {
    key,
    edition,
    title,
    titleEn,
    effectiveFrom,
    effectiveUntil,
    maxEvidenceAgeDays: age,
    source,
    requirements,
    obligations,
  };
}
