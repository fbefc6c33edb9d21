import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig, resolveDatabase } from '@app/shared';
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

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
