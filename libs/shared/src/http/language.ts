import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import Negotiator from 'negotiator';

/** The languages the registry speaks; the first is the default (no header, `*`, or nothing acceptable). */
export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The language an `Accept-Language` header asks for, by RFC 9110 q-values (the `negotiator`
 * package): `ja-JP` picks `ja`, `ja;q=0.5, en` picks `en`, `ja;q=0` refuses `ja`. English when the
 * header is absent, `*`, or names nothing the registry speaks.
 */
export function negotiateLanguage(header: string | string[] | undefined): Language {
  const value = Array.isArray(header) ? header.join(', ') : header;
  if (value === undefined || value === '') return LANGUAGES[0];
  const best = new Negotiator({ headers: { 'accept-language': value } }).language([...LANGUAGES]);
  return (LANGUAGES as readonly string[]).includes(best ?? '') ? (best as Language) : LANGUAGES[0];
}

type Negotiated = { registryLanguage?: Language };

/** The request's language (negotiated once per request). */
export function requestLanguage(req: Request): Language {
  const r = req as Request & Negotiated;
  r.registryLanguage ??= negotiateLanguage(req.headers['accept-language']);
  return r.registryLanguage;
}

/** `Content-Language` and `Vary: Accept-Language` for a representation chosen by language. */
export function setLanguageHeaders(res: Response, language: Language): void {
  res.setHeader('Content-Language', language);
  res.vary('Accept-Language');
}

/** Injects the language negotiated from the request's `Accept-Language` (see negotiateLanguage). */
export const RequestLanguage = createParamDecorator((_: unknown, ctx: ExecutionContext): Language =>
  requestLanguage(ctx.switchToHttp().getRequest<Request>()),
);
