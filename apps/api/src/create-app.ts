import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { raw } from 'express';
import helmet from 'helmet';
import { resolve } from 'node:path';
import type { Logger as Pino } from 'pino';
import { DataSource } from 'typeorm';
import {
  createPino,
  documentIdempotency,
  inputBounds,
  httpLogger,
  Metrics,
  type PoolCounts,
  type Queryable,
  PinoLoggerService,
  ProblemDto,
  ProblemFilter,
  ReadDatabase,
  ResponseCache,
  strictValidationPipe,
} from '@app/shared';
import { IMPORT_CONTENT_TYPES } from '@app/imports';
import { readOnlyMirror } from '@app/mirror';
import { CachedReads, EligibilityService } from '@app/eligibility';
import { RevisionService } from '@app/ledger';
import { AppModule, type AppModuleOptions } from './app.module';
import { completeContract } from './openapi-contract';
import { DecisionMetricsInterceptor } from './decision-metrics.interceptor';
import { PrototypedExpressAdapter } from './express-adapter';
import {
  httpMetrics,
  metricsEndpoint,
  problemsOnClientError,
  publicReadCors,
  queryParsedOnce,
  rateLimits,
  requestId,
  staffPage,
} from './http-middleware';

/** Builds the HTTP application; shared by main.ts, the e2e tests and the bench. */
export async function createApp(options: AppModuleOptions & { pino?: Pino }): Promise<NestExpressApplication> {
  const pino = options.pino ?? createPino(options.config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), new PrototypedExpressAdapter(), {
    logger: new PinoLoggerService(pino),
    bodyParser: false,
  });
  app.set('trust proxy', options.config.TRUST_PROXY);
  app.disable('x-powered-by');
  app.set('etag', false); // ETags are computed by the registry from its revision, not from bodies
  problemsOnClientError(app.getHttpServer());
  const metrics = app.get(Metrics);
  const dataSource = app.get(DataSource);
  // the node-postgres Pool behind TypeORM's driver (`master`), read at each scrape
  metrics.watchPool(() => (dataSource.driver as unknown as { master?: PoolCounts }).master);
  app.use(requestId);
  app.use(queryParsedOnce);
  app.use(httpMetrics(metrics));
  app.use(httpLogger(pino));
  if (options.config.CORS_ORIGINS.length > 0) {
    const cors = publicReadCors(options.config.CORS_ORIGINS);
    app.use(cors.vary);
    app.enableCors(cors.options);
  }
  // scraped by Prometheus: never rate limited, and not an API operation (kept out of OpenAPI)
  app.getHttpAdapter().getInstance().get('/metrics', metricsEndpoint(metrics));
  app.use(rateLimits(options.config, pgPool(dataSource)));
  if (options.config.MIRROR_FROM) app.use(readOnlyMirror);
  // known answers: 304 or cached bytes before helmet, the body parser and Nest (rate limits stay)
  const decisionMetrics = new DecisionMetricsInterceptor(metrics);
  const reads = app.get(CachedReads);
  reads.onHit = (meta) => decisionMetrics.count(meta as Record<string, number>);
  app.use(reads.handle);
  watchCaches(metrics, app.get(ResponseCache), app.get(EligibilityService));
  watchReplica(metrics, app.get(ReadDatabase));
  const revisions = app.get(RevisionService);
  metrics.watch('registry_revision', 'The registry revision this process serves (followed by NOTIFY)', () => {
    const known = revisions.known;
    return known === null ? undefined : Number(known);
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          // intranet hosts serve plain HTTP: upgrading would point Swagger UI and the staff page at https and blank them
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  app.use(staffPage(resolve(options.config.WEB_DIR)));
  app.useBodyParser('json', { limit: options.config.BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  // import files: the raw body, or a multipart upload read whole here (only on /v1/imports) so that
  // Idempotency-Key fingerprints the file before the controller parses the parts
  app.use('/v1/imports', raw({ limit: options.config.IMPORT_BODY_LIMIT, type: 'multipart/form-data' }));
  app.useBodyParser('raw', { limit: options.config.IMPORT_BODY_LIMIT, type: [...IMPORT_CONTENT_TYPES] });
  app.use(inputBounds);
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalInterceptors(decisionMetrics);
  app.useGlobalFilters(new ProblemFilter());
  const document = buildOpenApi(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
  return app;
}

/**
 * The node-postgres Pool behind TypeORM's driver, for statements that must stay out of TypeORM's
 * query log (the rate-limit counter: one per request). Resolved per call: the pool exists once the
 * data source is initialised.
 */
function pgPool(dataSource: DataSource): Queryable {
  return {
    query: (text, params) => {
      const pool = (dataSource.driver as unknown as { master?: Queryable }).master;
      if (!pool) return Promise.reject(new Error('the database pool is not ready'));
      return pool.query(text, params);
    },
  };
}

/** Sizes and hit counts of the in-memory caches, in /metrics. */
function watchCaches(metrics: Metrics, cache: ResponseCache, eligibility: EligibilityService): void {
  metrics.watch('registry_response_cache_bytes', 'Bytes of serialised answers held in the response cache', () => cache.size.bytes);
  metrics.watch('registry_response_cache_max_bytes', 'Bound of the response cache (RESPONSE_CACHE_BYTES)', () => cache.size.maxBytes);
  metrics.watch('registry_response_cache_entries', 'Answers held in the response cache', () => cache.size.entries);
  metrics.watch('registry_response_cache_hits', 'Answers served from the response cache since start', () => cache.hits);
  metrics.watch('registry_response_cache_misses', 'Cacheable reads computed since start', () => cache.misses);
  metrics.watch(
    'registry_eligibility_decision_sets',
    'Decision sets (edition, date) kept in memory',
    () => eligibility.memoSizes().decisionSets,
  );
  metrics.watch('registry_eligibility_allowlists', 'Allowlists (edition, date) kept in memory', () => eligibility.memoSizes().allowlists);
  metrics.watch(
    'registry_eligibility_snapshot_services',
    'Services in the facts snapshot in memory',
    () => eligibility.memoSizes().services,
  );
  metrics.watch('registry_eligibility_full_reloads', 'Full reloads of the facts snapshot since start', () => eligibility.reloads.full);
  metrics.watch(
    'registry_eligibility_decisions_ahead',
    'Decisions made from the previous snapshot (their service untouched) while a newer one was read from a lagging replica',
    () => eligibility.decisionsAhead,
  );
  metrics.watch(
    'registry_eligibility_incremental_reloads',
    'Snapshot updates that reloaded only touched services',
    () => eligibility.reloads.incremental,
  );
}

/** What the read-replica router saw (only with DATABASE_READ_URL). */
function watchReplica(metrics: Metrics, read: ReadDatabase): void {
  if (!read.configured) return;
  metrics.watch('registry_replica_reads', 'Snapshot reads answered by the read replica', () => read.stats.replicaReads);
  metrics.watch('registry_replica_waits', 'Snapshot reads that found the replica behind and waited', () => read.stats.waits);
  metrics.watch(
    'registry_replica_fallbacks',
    'Snapshot reads routed to the primary (replica behind or failing)',
    () => read.stats.fallbacks,
  );
  metrics.watch('registry_replica_max_lag_revisions', 'Largest replica lag seen, in revisions', () => read.stats.maxLagRevisions);
  metrics.watch('registry_replica_max_wait_ms', 'Longest wait for the replica to catch up, in ms', () => read.stats.maxWaitMs);
}

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('LGWAN cloud service assurance registry')
    .setDescription(
      '特定通信 (specific communication) and LGWAN-ASP eligibility of cloud services for Japanese local governments: ' +
        'catalog, scheme registrations, assessments, decisions with reasons, allowlists and review expiry.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'opaque API key' })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDto],
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  return completeContract(documentIdempotency(document));
}
