import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { closeOnSignals, ConfigError, createPino, loadConfig, PinoLoggerService, resolveDatabase } from '@app/shared';
import { WorkerModule } from './worker.module';

/**
 * The worker alone (no HTTP): expiry sweeps on schedule and webhook delivery from the outbox.
 * `npm start` already runs these in-process; run this to scale them separately (any number of
 * replicas: jobs are claimed with FOR UPDATE SKIP LOCKED).
 */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const logger = new PinoLoggerService(createPino(config.LOG_LEVEL));
  const database = await resolveDatabase(config, (line) => logger.debug(line, 'EmbeddedPostgres'));
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ ...config, DATABASE_URL: database.url }), { logger });
  logger.log('worker running', 'Worker');
  closeOnSignals(logger, () => app.close(), database.stop);
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
