import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { IdempotencyMiddleware } from './idempotency.middleware';
import { IdempotencyRepository } from './idempotency.repository';

/** `Idempotency-Key` for every POST of the API (see {@link IdempotencyMiddleware}). */
@Module({ providers: [IdempotencyRepository, IdempotencyMiddleware], exports: [IdempotencyRepository] })
export class IdempotencyModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(IdempotencyMiddleware).forRoutes({ path: '*path', method: RequestMethod.POST });
  }
}
