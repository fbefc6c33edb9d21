import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { databaseOptions, loadConfig, resolveDatabase } from '@app/shared';
import { buildOpenApi, createApp } from '../../api/src/create-app';
import { ENTITIES, MIGRATIONS } from '../../../migrations/registry';

/** Admin commands. Run with `npm run cli -- <command>` after `npm run build`. */
const commands: Record<string, { help: string; run: (args: string[]) => Promise<void> }> = {
  'openapi:export': {
    help: 'openapi:export [file]   write the OpenAPI document generated from the code (default: openapi.json)',
    run: async ([file = 'openapi.json']) => {
      const config = { ...loadConfig(), LOG_LEVEL: 'silent' as const };
      const app = await createApp({ config, connect: false });
      const document = buildOpenApi(app);
      writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
      await app.close();
      console.log(`wrote ${file} (${Object.keys(document.paths).length} paths)`);
    },
  },
  migrate: {
    help: 'migrate                 apply pending migrations (DATABASE_URL, or the embedded database)',
    run: async () => {
      const config = loadConfig();
      const db = await resolveDatabase(config, () => undefined);
      const ds = new DataSource(databaseOptions(db.url, ENTITIES, MIGRATIONS));
      await ds.initialize();
      const applied = await ds.runMigrations({ transaction: 'each' });
      console.log(applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'nothing to apply');
      await ds.destroy();
      await db.stop();
    },
  },
};

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.log(`usage: npm run cli -- <command>\n\n${Object.values(commands).map((c) => `  ${c.help}`).join('\n')}`);
    process.exit(name ? 1 : 0);
  }
  await command.run(args);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
