import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { type Observable, tap } from 'rxjs';
import { Metrics, PlainText, routeTemplate } from '@app/shared';

/** The `decision` values in a handler's answer: one decision, a page of them, or the bulk CSV. */
export function decisionsIn(body: unknown): string[] {
  if (body instanceof PlainText) return decisionsIn(body.text);
  if (typeof body === 'string') {
    const rows = parse<Record<string, string>>(body, { bom: true, columns: true, skip_empty_lines: true });
    return rows.map((r) => r.decision).filter((d) => typeof d === 'string');
  }
  if (body === null || typeof body !== 'object') return [];
  if ('decision' in body && typeof body.decision === 'string') return [body.decision];
  if ('items' in body && Array.isArray(body.items)) return body.items.flatMap(decisionsIn);
  return [];
}

/** The routes that answer decisions (by template, as in the HTTP metrics). */
export const DECISION_ROUTES = new Set(['/v1/services/:id/eligibility', '/v1/eligibility']);

/**
 * Counts each decision the API returns, by outcome, for the eligibility routes (single and bulk);
 * registered globally from the API so the eligibility library stays free of metrics code.
 */
@Injectable()
export class DecisionMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!DECISION_ROUTES.has(routeTemplate(context.switchToHttp().getRequest()))) return next.handle();
    return next.handle().pipe(
      tap((body) => {
        for (const decision of decisionsIn(body)) this.metrics.decisions.inc({ decision });
      }),
    );
  }
}
