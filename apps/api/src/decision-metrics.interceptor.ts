import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { type Observable, tap } from 'rxjs';
import type { Response } from 'express';
import { CACHE_META } from '@app/eligibility';
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

/** How many decisions of each outcome an answer holds. */
export function countDecisions(body: unknown): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of decisionsIn(body)) counts[d] = (counts[d] ?? 0) + 1;
  return counts;
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
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      tap((body) => {
        const counts = countDecisions(body);
        this.count(counts);
        res.locals[CACHE_META] = counts; // replayed when the answer is served from the cache
      }),
    );
  }

  /** Counts decisions by outcome (also for answers served from the response cache). */
  count(counts: Record<string, number>): void {
    for (const [decision, n] of Object.entries(counts)) this.metrics.decisions.inc({ decision }, n);
  }
}
