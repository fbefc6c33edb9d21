import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiKeysService } from '@app/credentials';
import { closeOnSignals, ConfigError, createPino, loadConfig, PinoLoggerService, resolveDatabase } from '@app/shared';
import { createApp } from './create-app';

let fatal: ((err: unknown) => void) | undefined;

/** Every boot line is a pino JSON line: Nest's, ours and the embedded server's (at debug). */
async function bootstrap(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  const pino = createPino(config.LOG_LEVEL);
  fatal = (err) => pino.fatal({ err }, 'the registry could not start');
  Logger.overrideLogger(new PinoLoggerService(pino));
  const logger = new Logger('Bootstrap');
  const postgres = new Logger('EmbeddedPostgres');
  const database = await resolveDatabase(config, (line) => postgres.debug(line));
  if (!config.DATABASE_URL) logger.log(`embedded PostgreSQL on port ${config.EMBEDDED_PG_PORT} (${config.EMBEDDED_PG_DATA_DIR})`);
  const app = await createApp({ config: { ...config, DATABASE_URL: database.url }, pino });
  await app.listen(config.PORT, config.HOST);
  logger.log(`registry ready on http://localhost:${config.PORT} (docs at /docs) in ${Math.round(performance.now() - started)} ms`);
  await logWriteAccess(app, logger);
  closeOnSignals(logger, () => app.close(), database.stop);
}

/** Says once whether writes can be authorised: without a working administrator credential the API is read-only. */
async function logWriteAccess(app: NestExpressApplication, logger: Logger): Promise<void> {
  const { bootstrap, adminKeys } = await app.get(ApiKeysService).adminAccess();
  if (bootstrap === 'active') return logger.log('writes enabled: ADMIN_API_KEY is set (bootstrap administrator)');
  const why = bootstrap === 'disabled' ? 'the bootstrap ADMIN_API_KEY is disabled' : 'ADMIN_API_KEY is not set';
  if (adminKeys > 0) return logger.log(`writes enabled: ${adminKeys} working administrator API key(s) stored (${why})`);
  logger.warn(
    `read-only: ${why} and no administrator API key works, so no write can be authorised until an administrator credential exists; ` +
      'create one with `npm run cli -- api-key:create --name <label> --role admin` (it works at once, no restart)',
  );
}

bootstrap().catch((err: unknown) => {
  if (fatal && !(err instanceof ConfigError)) fatal(err);
  else
    process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
