import { describe, expect, it } from '@jest/globals';
import type { Request } from 'express';
import { representationLanguage } from './revision-etag.interceptor';

const request = (acceptLanguage?: string) =>
  ({ headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage } }) as Request;

describe('representationLanguage', () => {
  it.each([
    ['/v1/services/3f1c8a9e-0000-4000-8000-000000000001/eligibility', 'ja', 'ja'],
    ['/v1/services/3f1c8a9e-0000-4000-8000-000000000001/eligibility/', 'ja', 'ja'],
    ['/v1/eligibility', 'ja;q=0.2, en', 'en'],
    ['/v1/eligibility', undefined, 'en'],
    ['/V1/Eligibility', 'ja', 'ja'],
    ['/v1/allowlists/tokutei-tsushin', 'ja', null],
    ['/v1/reviews/expiring', 'ja', null],
    ['/v1/services/3f1c8a9e-0000-4000-8000-000000000001/eligibility/receipt', 'ja', null],
    ['/v1/eligibilityx', 'ja', null],
  ])('%s with Accept-Language %j → %j', (path, header, expected) => {
    expect(representationLanguage(request(header), path)).toBe(expected);
  });
});
