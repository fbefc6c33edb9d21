import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { closeOnSignals, ConfigError, loadConfig, resolveDatabase } from '@app/shared';
import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  const logger = new Logger('Bootstrap');
  const database = await resolveDatabase(config, (line) => logger.debug(line));
  if (!config.DATABASE_URL) logger.log(`embedded PostgreSQL on port ${config.EMBEDDED_PG_PORT} (${config.EMBEDDED_PG_DATA_DIR})`);
  const app = await createApp({ config: { ...config, DATABASE_URL: database.url } });
  await app.listen(config.PORT, config.HOST);
  logger.log(`registry ready on http://localhost:${config.PORT} (docs at /docs) in ${Math.round(performance.now() - started)} ms`);
  closeOnSignals(logger, () => app.close(), database.stop);
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
