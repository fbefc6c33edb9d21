import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@app/shared';
import { AppModule } from './app.module';
import { buildOpenApi } from './create-app';

/**
 * `npm run openapi:export [-- file]`: writes the OpenAPI document the API serves (default: openapi.json).
 * The API module is built in Nest's preview mode: modules, controllers and their metadata are
 * scanned, nothing is instantiated, so no database is started or connected and no seed,
 * listener or worker runs.
 */
async function main(): Promise<void> {
  const file = process.argv[2] ?? 'openapi.json';
  const config = { ...loadConfig(), RUN_WORKER_IN_PROCESS: false };
  const app = await NestFactory.create(AppModule.forRoot({ config }), { preview: true, logger: false });
  const document = buildOpenApi(app);
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  await app.close();
  process.stdout.write(`wrote ${file} (${Object.keys(document.paths).length} paths)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
