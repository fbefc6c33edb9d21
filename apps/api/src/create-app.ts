import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
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
  PinoLoggerService,
  ProblemDto,
  ProblemFilter,
  strictValidationPipe,
} from '@app/shared';
import { IMPORT_CONTENT_TYPES } from '@app/imports';
import { readOnlyMirror } from '@app/mirror';
import { AppModule, type AppModuleOptions } from './app.module';
import { DecisionMetricsInterceptor } from './decision-metrics.interceptor';
import { httpMetrics, metricsEndpoint, publicReadCors, rateLimits, requestId, staffPage } from './http-middleware';

/** Builds the HTTP application; shared by main.ts, the e2e tests and the bench. */
export async function createApp(options: AppModuleOptions & { pino?: Pino }): Promise<NestExpressApplication> {
  const pino = options.pino ?? createPino(options.config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    logger: new PinoLoggerService(pino),
    bodyParser: false,
  });
  app.set('trust proxy', options.config.TRUST_PROXY);
  app.disable('x-powered-by');
  app.set('etag', false); // ETags are computed by the registry from its revision, not from bodies
  const metrics = app.get(Metrics);
  const dataSource = app.get(DataSource);
  // the node-postgres Pool behind TypeORM's driver (`master`), read at each scrape
  metrics.watchPool(() => (dataSource.driver as unknown as { master?: PoolCounts }).master);
  app.use(requestId);
  app.use(httpMetrics(metrics));
  app.use(httpLogger(pino));
  if (options.config.CORS_ORIGINS.length > 0) {
    const cors = publicReadCors(options.config.CORS_ORIGINS);
    app.use(cors.vary);
    app.enableCors(cors.options);
  }
  // scraped by Prometheus: never rate limited, and not an API operation (kept out of OpenAPI)
  app.getHttpAdapter().getInstance().get('/metrics', metricsEndpoint(metrics));
  app.use(rateLimits(options.config));
  if (options.config.MIRROR_FROM) app.use(readOnlyMirror);
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
  // import files sent as the raw body (multipart uploads are read by the imports controller)
  app.useBodyParser('raw', { limit: options.config.IMPORT_BODY_LIMIT, type: [...IMPORT_CONTENT_TYPES] });
  app.use(inputBounds);
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalInterceptors(new DecisionMetricsInterceptor(metrics));
  app.useGlobalFilters(new ProblemFilter());
  const document = buildOpenApi(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
  return app;
}

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('LGWAN cloud service assurance registry')
    .setDescription(
      '特定通信 (specific communication) and LGWAN-ASP eligibility of cloud services for Japanese local governments: ' +
        'catalog, scheme registrations, assessments, decisions with reasons, allowlists and review expiry.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key from POST /v1/api-keys or ADMIN_API_KEY' })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDto],
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  return documentIdempotency(document);
}
