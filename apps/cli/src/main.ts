import 'reflect-metadata';
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { verifyAuditTrail, verifyCheckpointOffline, verifyReceiptOffline } from '@app/audit';
import { ApiKeysService, CreateApiKeyDto } from '@app/credentials';
import { todayInTokyo } from '@app/eligibility-engine';
import { ImportQueryDto, ImportsService } from '@app/imports';
import { AuditTrailRepository } from '@app/ledger';
import { verifySnapshot } from '@app/mirror';
import { createPino, DomainError, databaseOptions, loadConfig, PinoLoggerService, resolveDatabase, SYSTEM_ACTOR } from '@app/shared';
import { ENTITIES, MIGRATIONS } from '../../../migrations/registry';
import { ApiKeyCommandModule } from './api-key.module';
import { ImportCommandModule } from './import.module';

/** Admin commands. Run with `npm run cli -- <command>` after `npm run build`. */
const commands: Record<string, { help: string; run: (args: string[]) => Promise<void> }> = {
  'api-key:create': {
    help:
      'api-key:create --name <label> --role admin|auditor|municipality [--organization <org>] [--municipality-code <code>]\n' +
      '               [--expires-at <date-time with offset, e.g. 2027-03-31T23:59:59+09:00>]\n' +
      '                          create a credential without the HTTP API (audited as the system actor); prints the key once',
    run: async (argv) => {
      const { values } = parseArgs({
        args: argv,
        options: {
          name: { type: 'string' },
          role: { type: 'string' },
          organization: { type: 'string' },
          'municipality-code': { type: 'string' },
          'expires-at': { type: 'string' },
        },
      });
      const dto = plainToInstance(CreateApiKeyDto, {
        name: values.name,
        role: values.role,
        organization: values.organization,
        municipalityCode: values['municipality-code'],
        expiresAt: values['expires-at'],
      });
      const problems = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
      if (problems.length > 0) throw new Error(problems.flatMap((p) => Object.values(p.constraints ?? {})).join('; '));
      const config = { ...loadConfig(), LOG_LEVEL: 'warn' as const };
      const db = await resolveDatabase(config, () => undefined);
      try {
        const app = await NestFactory.createApplicationContext(ApiKeyCommandModule.forRoot({ ...config, DATABASE_URL: db.url }), {
          logger: new PinoLoggerService(createPino(config.LOG_LEVEL)),
        });
        try {
          const created = await app.get(ApiKeysService).create(SYSTEM_ACTOR, dto);
          console.log(JSON.stringify(created, null, 2));
        } finally {
          await app.close();
        }
      } finally {
        await db.stop();
      }
    },
  },
  import: {
    help:
      'import <file> [--apply] [--full-list] [--end-missing-on <date>] [--effective-on <date>] [--layout ismap|lgwan_asp|destinations] [--json]\n' +
      '                          import an official list (CSV or .xlsx, docs/IMPORT.md) as the system actor: a dry run unless --apply;\n' +
      '                          prints the counts, the rows that change or fail, and the decisions that flip (--json: the whole report)',
    run: async (argv) => {
      const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          apply: { type: 'boolean' },
          'full-list': { type: 'boolean' },
          'end-missing-on': { type: 'string' },
          'effective-on': { type: 'string' },
          layout: { type: 'string' },
          profile: { type: 'string' },
          json: { type: 'boolean' },
        },
      });
      const [file] = positionals;
      if (!file) throw new Error('import needs a file: npm run cli -- import <file> [--apply]');
      const query = plainToInstance(ImportQueryDto, {
        dryRun: values.apply ? 'false' : 'true',
        fullList: values['full-list'] ? 'true' : 'false',
        endMissingOn: values['end-missing-on'],
        effectiveOn: values['effective-on'],
        layout: values.layout,
        profile: values.profile,
        fileName: basename(file),
      });
      const problems = validateSync(query, { whitelist: true, forbidNonWhitelisted: true });
      if (problems.length > 0) throw new Error(problems.flatMap((p) => Object.values(p.constraints ?? {})).join('; '));
      const bytes = readFileSync(file);
      const config = { ...loadConfig(), LOG_LEVEL: 'warn' as const };
      const db = await resolveDatabase(config, () => undefined);
      try {
        const app = await NestFactory.createApplicationContext(ImportCommandModule.forRoot({ ...config, DATABASE_URL: db.url }), {
          logger: new PinoLoggerService(createPino(config.LOG_LEVEL)),
        });
        try {
          const report = await app
            .get(ImportsService)
            .run(SYSTEM_ACTOR, { bytes, fileName: basename(file) }, query, todayInTokyo(new Date()));
          if (values.json) console.log(JSON.stringify(report, null, 2));
          else {
            console.log(
              `${report.applied ? 'applied' : 'dry run'}: ${report.layout} layout, ${report.format}, sha256 ${report.fileDigest}`,
            );
            console.log(
              Object.entries(report.counts)
                .map(([k, v]) => `${k} ${v}`)
                .join(', '),
            );
            for (const r of report.rows.filter((x) => x.action === 'update')) {
              console.log(
                `  row ${r.row} ${r.registrationNumber}: ${r.changes.map((c) => `${c.field} ${c.old ?? '∅'} → ${c.new ?? '∅'}`).join('; ')}`,
              );
            }
            for (const e of report.errors)
              console.log(`  row ${e.row}${e.column ? ` column ${e.column}` : ''} ${e.header ?? ''}: ${e.code} ${e.message}`);
            for (const m of report.missing)
              console.log(`  missing from the list: ${m.scheme} ${m.registrationNumber}${m.ended ? ' (ended)' : ''}`);
            for (const r of (report.destinations ?? []).filter((x) => x.action === 'update')) {
              console.log(
                `  row ${r.row} ${r.destination}: ${r.changes.map((c) => `${c.field} ${c.old ?? '∅'} → ${c.new ?? '∅'}`).join('; ')}`,
              );
            }
            for (const m of report.missingDestinations ?? [])
              console.log(`  missing from the list: service ${m.serviceId} ${m.kind} ${m.destination}${m.ended ? ' (ended)' : ''}`);
            for (const d of report.decisionChanges) console.log(`  decision flips: service ${d.serviceId} ${d.from} → ${d.to}`);
          }
          process.exitCode = report.errors.length > 0 ? 1 : 0;
        } finally {
          await app.close();
        }
      } finally {
        await db.stop();
      }
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
  'audit:hashes': {
    help: 'audit:hashes [file]     write every audit event hash, one per line in seq order (default: stdout), to check checkpoints offline',
    run: async ([file]) => {
      const config = { ...loadConfig(), LOG_LEVEL: 'silent' as const };
      const db = await resolveDatabase(config, () => undefined);
      const ds = new DataSource(databaseOptions(db.url, ENTITIES, MIGRATIONS));
      await ds.initialize();
      const out = file ? createWriteStream(file) : process.stdout;
      let count = 0;
      try {
        for await (const hashes of new AuditTrailRepository(ds).eventHashPages()) {
          count += hashes.length;
          if (!out.write(`${hashes.join('\n')}\n`)) await once(out, 'drain');
        }
        if (file) {
          out.end();
          await once(out, 'finish');
        }
      } finally {
        await ds.destroy();
        await db.stop();
      }
      console.error(`wrote ${count} event hashes${file ? ` to ${file}` : ''}`);
    },
  },
  'audit:verify': {
    help:
      'audit:verify            re-hash the audit chain in the database (every digest from before/after, every link, the\n' +
      '                          recorded head) without booting the app; prints the verdict as JSON, exits 1 on a break',
    run: async () => {
      const config = { ...loadConfig(), LOG_LEVEL: 'silent' as const };
      const db = await resolveDatabase(config, () => undefined);
      const ds = new DataSource(databaseOptions(db.url, ENTITIES, MIGRATIONS));
      await ds.initialize();
      try {
        const verdict = await verifyAuditTrail(new AuditTrailRepository(ds));
        console.log(JSON.stringify(verdict));
        process.exitCode = verdict.ok ? 0 : 1;
      } finally {
        await ds.destroy();
        await db.stop();
      }
    },
  },
  'checkpoint:verify': {
    help:
      'checkpoint:verify <checkpoint.json> [--hashes <file>] [--public-key <pem file>]\n' +
      '                          verify a saved GET /v1/audit/checkpoint offline: signature and key id, the pinned key,\n' +
      '                          and the Merkle root over the first `size` hashes (one per line, e.g. from audit:hashes); exits 1 if invalid',
    run: (args) => {
      const { values, positionals } = parseArgs({
        args,
        options: { hashes: { type: 'string' }, 'public-key': { type: 'string' } },
        allowPositionals: true,
      });
      if (positionals.length !== 1)
        throw new Error('usage: checkpoint:verify <checkpoint.json> [--hashes <file>] [--public-key <pem file>]');
      const verdict = verifyCheckpointOffline({
        checkpointJson: readFileSync(positionals[0], 'utf8'),
        hashesText: values.hashes === undefined ? undefined : readFileSync(values.hashes, 'utf8'),
        publicKeyPem: values['public-key'] === undefined ? undefined : readFileSync(values['public-key'], 'utf8'),
      });
      console.log(verdict.message);
      for (const warning of verdict.warnings) console.error(`warning: ${warning}`);
      process.exitCode = verdict.ok ? 0 : 1;
      return Promise.resolve();
    },
  },
  'receipt:verify': {
    help:
      'receipt:verify <receipt.json> --key <pem file> [--key <pem file>…]\n' +
      "                          verify a saved decision receipt offline with the registry's public key(s) from GET /v1/keys:\n" +
      '                          signature, subject digest, audit event, inclusion proof, checkpoint signature; exits 1 if any fails',
    run: (args) => {
      const { values, positionals } = parseArgs({ args, options: { key: { type: 'string', multiple: true } }, allowPositionals: true });
      if (positionals.length !== 1 || !values.key?.length) throw new Error('usage: receipt:verify <receipt.json> --key <pem file>');
      const verdict = verifyReceiptOffline({
        receiptJson: readFileSync(positionals[0], 'utf8'),
        publicKeyPems: values.key.map((file) => readFileSync(file, 'utf8')),
      });
      console.log(verdict.message);
      process.exitCode = verdict.ok ? 0 : 1;
      return Promise.resolve();
    },
  },
  'snapshot:verify': {
    help:
      'snapshot:verify <snapshot.json> --key <pem file>\n' +
      '                          verify a saved GET /v1/snapshots/current offline with the origin public key:\n' +
      '                          DSSE signature, every part against the manifest, the checkpoint signature; exits 1 if any fails',
    run: (args) => {
      const { values, positionals } = parseArgs({ args, options: { key: { type: 'string' } }, allowPositionals: true });
      if (positionals.length !== 1 || !values.key) throw new Error('usage: snapshot:verify <snapshot.json> --key <pem file>');
      const verdict = verifySnapshot(readFileSync(positionals[0], 'utf8'), readFileSync(values.key, 'utf8'));
      if (verdict.ok) {
        const tables = Object.keys(verdict.body.parts).length;
        console.log(
          `snapshot OK: revision ${verdict.body.revision}, ${tables} parts, key ${verdict.keyId}, created ${verdict.body.createdAt}`,
        );
      } else console.log(`snapshot INVALID: ${verdict.reason}`);
      process.exitCode = verdict.ok ? 0 : 1;
      return Promise.resolve();
    },
  },
};

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.log(
      `usage: npm run cli -- <command>\n\n${Object.values(commands)
        .map((c) => `  ${c.help}`)
        .join('\n')}`,
    );
    process.exit(name ? 1 : 0);
  }
  await command.run(args);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? `error: ${err.message}` : err);
  // a typed problem names each offending input (an import: every bad row and column)
  if (err instanceof DomainError) for (const e of err.errors) console.error(`  ${e.detail}`);
  process.exit(1);
});
