import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource, IsNull } from 'typeorm';
import { ApiCredentialEntity } from '@app/credentials';
import { type AppConfig, closeOnSignals, ConfigError, createPino, loadConfig, PinoLoggerService, resolveDatabase } from '@app/shared';
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
  await logWriteAccess(app, config, logger);
  closeOnSignals(logger, () => app.close(), database.stop);
}

/** Says once whether writes can be authorised: without an administrator credential the API is read-only. */
async function logWriteAccess(app: NestExpressApplication, config: AppConfig, logger: Logger): Promise<void> {
  if (config.ADMIN_API_KEY) return logger.log('writes enabled: ADMIN_API_KEY is set (bootstrap administrator)');
  const admins = await app.get(DataSource).getRepository(ApiCredentialEntity).countBy({ role: 'admin', revokedAt: IsNull() });
  if (admins > 0) return logger.log(`writes enabled: ${admins} active administrator API key(s) stored (ADMIN_API_KEY is not set)`);
  logger.warn(
    'read-only: no ADMIN_API_KEY and no administrator API key, so no write can be authorised until an administrator credential exists; ' +
      'create one with `npm run cli -- api-key:create --name <label> --role admin` (it works at once, no restart) or set ADMIN_API_KEY',
  );
}

bootstrap().catch((err: unknown) => {
  if (fatal && !(err instanceof ConfigError)) fatal(err);
  else
    process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
