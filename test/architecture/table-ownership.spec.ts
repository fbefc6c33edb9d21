/**
 * Table ownership, checked: every table belongs to exactly one library (the one declaring its
 * `@Entity({ name })`); only that library's repository files (`*.repository.ts`) read or write it.
 * The eligibility facts query is the one declared read model allowed to read across libraries, and
 * the mirror's snapshot repository the one replication model (public tables only).
 *
 * The scan parses every `libs/**\/*.ts` (specs excepted) with the TypeScript compiler and looks at
 * - string and template literals that read as SQL, for table names (`FROM services s`, `JOIN …`);
 * - a table name passed alone to a query-builder call (`.from('services', 's')`);
 * - entity classes used as values (`getRepository(ServiceEntity)`, `em.create(…)`,
 *   `@InjectRepository(…)`), which name their table just as well.
 * Entity files declare the schema and are not scanned; `*.module.ts` may register its own
 * library's entities with `TypeOrmModule.forFeature`.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { MIRRORED_TABLES } from '@app/mirror';

const ROOT = process.cwd(); // Jest runs from the repository root
const LIBS = join(ROOT, 'libs');
const MIGRATIONS = join(ROOT, 'migrations');

/** The one file that may read any library's tables (and write none). */
export const READ_MODEL = 'libs/eligibility/src/eligibility-facts.read-model.ts';

/**
 * The declared replication model: a snapshot is the registry's public tables as they are, and a
 * mirror replaces them whole, so this one file reads and writes across libraries — the public
 * tables only (checked below), plus the revision it serves.
 */
export const REPLICATION_MODEL = 'libs/mirror/src/mirror.repository.ts';

/**
 * Writes still made in services with `tx.em` (file → tables), being moved into their library's
 * repository by the issue-7 "contracts" branch. A ratchet: an entry that no longer matches fails,
 * so the list only shrinks; add nothing to it.
 */
const PENDING_MOVE_TO_REPOSITORY: Record<string, string[]> = {};

/** Tables made by migrations but owned by no entity (bookkeeping of the tools themselves). */
const TOOL_TABLES = new Set(['migrations', 'typeorm_metadata']);

const SQL_KEYWORDS = /\b(SELECT|INSERT|UPDATE|DELETE|FROM|JOIN|EXISTS|WITH|RETURNING|WHERE|TRUNCATE|TABLE)\b/;
const SQL_WRITE = /\b(INSERT|UPDATE|DELETE|TRUNCATE)\b/;
const QUERY_CALLS = new Set([
  'from',
  'into',
  'update',
  'delete',
  'insert',
  'innerJoin',
  'leftJoin',
  'innerJoinAndSelect',
  'leftJoinAndSelect',
  'createQueryBuilder',
  'getRepository',
  'query',
]);

const posix = (p: string) => p.split(sep).join('/');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? walk(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

const libraryOf = (file: string) => posix(relative(LIBS, file)).split('/')[0];

export interface Ownership {
  /** table → owning library */
  tables: Map<string, string>;
  /** entity class name → table */
  entities: Map<string, string>;
  /** tables created by migrations */
  migrated: Set<string>;
}

/** Derives table → library from the `@Entity({ name })` declarations, and the tables the migrations create. */
export function readOwnership(): Ownership {
  const tables = new Map<string, string>();
  const entities = new Map<string, string>();
  const duplicates: string[] = [];
  for (const file of walk(LIBS).filter((f) => f.endsWith('.entity.ts'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/@Entity\(\{\s*name:\s*'(\w+)'[^)]*\)[\s\S]*?export class (\w+)/g)) {
      const [, table, cls] = m;
      if (tables.has(table)) duplicates.push(`${table}: ${tables.get(table)} and ${libraryOf(file)}`);
      tables.set(table, libraryOf(file));
      entities.set(cls, table);
    }
  }
  if (duplicates.length > 0) throw new Error(`tables declared by two entities: ${duplicates.join('; ')}`);
  const migrated = new Set<string>();
  for (const file of walk(MIGRATIONS)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/CREATE (?:UNLOGGED )?TABLE (?:IF NOT EXISTS )?"?(\w+)"?/g)) migrated.add(m[1]);
  }
  return { tables, entities, migrated };
}

export interface Violation {
  file: string;
  line: number;
  table: string;
  owner: string;
  reason: 'ANOTHER_LIBRARY' | 'OUTSIDE_REPOSITORY' | 'READ_MODEL_WRITES';
}

const isRepositoryFile = (rel: string) => rel.endsWith('.repository.ts');

function calleeName(call: ts.CallExpression): string | undefined {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

function inTypePosition(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isTypeNode(n) || ts.isImportDeclaration(n) || ts.isExportDeclaration(n) || ts.isClassDeclaration(n)) {
      return ts.isTypeNode(n) || ts.isImportDeclaration(n) || ts.isExportDeclaration(n);
    }
    if (ts.isImportEqualsDeclaration(n) || ts.isTypeAliasDeclaration(n) || ts.isInterfaceDeclaration(n)) return true;
  }
  return false;
}

function insideForFeature(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isCallExpression(n) && calleeName(n) === 'forFeature') return true;
  }
  return false;
}

/** Every table reference in one source file, as violations of the ownership rule. */
export function scanSource(rel: string, text: string, own: Ownership): Violation[] {
  const library = rel.split('/')[1];
  const readModel = rel === READ_MODEL;
  if (rel === REPLICATION_MODEL) return [];
  const moduleFile = rel.endsWith('.module.ts');
  const found: Violation[] = [];
  const source = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true);
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;

  const check = (node: ts.Node, table: string, registration: boolean, writes: boolean) => {
    const owner = own.tables.get(table);
    if (owner === undefined) return;
    const at = { file: rel, line: lineOf(node), table, owner };
    if (readModel) {
      if (writes) found.push({ ...at, reason: 'READ_MODEL_WRITES' });
      return;
    }
    if (owner !== library) found.push({ ...at, reason: 'ANOTHER_LIBRARY' });
    else if (!isRepositoryFile(rel) && !registration) found.push({ ...at, reason: 'OUTSIDE_REPOSITORY' });
  };

  const literalText = (node: ts.Node): string | undefined => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ${} ');
    return undefined;
  };

  const visit = (node: ts.Node) => {
    const text = literalText(node);
    if (text !== undefined) {
      const alone = /^\s*([a-z_][a-z0-9_]*)(\s+[a-z_][a-z0-9_]*)?\s*$/.exec(text);
      if (alone && own.tables.has(alone[1])) {
        // a table (and alias) on its own: a query-builder argument, or a fragment spliced into SQL
        const parent = node.parent;
        const queryCall = ts.isCallExpression(parent) && QUERY_CALLS.has(calleeName(parent) ?? '');
        if (queryCall || alone[2] !== undefined) check(node, alone[1], false, false);
      } else if (SQL_KEYWORDS.test(text)) {
        const writes = SQL_WRITE.test(text);
        const seen = new Set<string>();
        for (const m of text.matchAll(/(?<![\w.$])([a-z_][a-z0-9_]*)(?![\w(])/g)) {
          if (own.tables.has(m[1]) && !seen.has(m[1])) {
            seen.add(m[1]);
            check(node, m[1], false, writes);
          }
        }
      }
      if (!ts.isTemplateExpression(node)) return; // a template's \${…} expressions may hold SQL too
    }
    if (ts.isIdentifier(node) && own.entities.has(node.text) && !inTypePosition(node)) {
      check(node, own.entities.get(node.text)!, moduleFile && insideForFeature(node), false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export function scanLibraries(own: Ownership): Violation[] {
  return walk(LIBS)
    .filter((f) => !f.endsWith('.spec.ts') && !f.endsWith('.entity.ts'))
    .flatMap((f) => scanSource(posix(relative(ROOT, f)), readFileSync(f, 'utf8'), own));
}

const describeViolation = (v: Violation) =>
  v.reason === 'ANOTHER_LIBRARY'
    ? `${v.file}:${v.line} names ${v.table}, owned by libs/${v.owner}: reach it through @app/${v.owner}`
    : v.reason === 'READ_MODEL_WRITES'
      ? `${v.file}:${v.line} writes ${v.table}: the read model only reads`
      : `${v.file}:${v.line} names ${v.table} outside a *.repository.ts file`;

describe('table ownership', () => {
  const own = readOwnership();

  it('gives every migrated table exactly one owning library', () => {
    const orphans = [...own.migrated].filter((t) => !own.tables.has(t) && !TOOL_TABLES.has(t));
    const unmigrated = [...own.tables.keys()].filter((t) => !own.migrated.has(t));
    expect({ orphans, unmigrated }).toEqual({ orphans: [], unmigrated: [] });
  });

  it('lets only the owning library’s repositories (and the facts read model) name a table', () => {
    const pending = (v: Violation) => v.reason === 'OUTSIDE_REPOSITORY' && PENDING_MOVE_TO_REPOSITORY[v.file]?.includes(v.table);
    const violations = scanLibraries(own);
    expect(violations.filter((v) => !pending(v)).map(describeViolation)).toEqual([]);
    const stillPending = new Set(violations.filter(pending).map((v) => `${v.file} ${v.table}`));
    const done = Object.entries(PENDING_MOVE_TO_REPOSITORY).flatMap(([file, tables]) =>
      tables.filter((t) => !stillPending.has(`${file} ${t}`)).map((t) => `${file} ${t}: moved, remove it from PENDING_MOVE_TO_REPOSITORY`),
    );
    expect(done).toEqual([]);
  });

  describe('the scanner', () => {
    const fake: Ownership = {
      tables: new Map([
        ['services', 'catalog'],
        ['scheme_registrations', 'schemes'],
      ]),
      entities: new Map([['ServiceEntity', 'services']]),
      migrated: new Set(),
    };
    const scan = (file: string, code: string) => scanSource(file, code, fake).map((v) => `${v.reason} ${v.table}:${v.line}`);

    it('flags SQL naming another library’s table, with its line', () => {
      const code = 'const a = 1;\nconst sql = `SELECT 1 FROM services s\n JOIN scheme_registrations r ON r.service_id = s.id`;';
      expect(scan('libs/catalog/src/catalog.repository.ts', code)).toEqual(['ANOTHER_LIBRARY scheme_registrations:2']);
    });

    it('flags a query outside a repository file, even on its own table', () => {
      expect(scan('libs/catalog/src/catalog.service.ts', "em.query('DELETE FROM services WHERE id = $1')")).toEqual([
        'OUTSIDE_REPOSITORY services:1',
      ]);
      expect(scan('libs/catalog/src/catalog.service.ts', 'em.getRepository(ServiceEntity).find()')).toEqual([
        'OUTSIDE_REPOSITORY services:1',
      ]);
    });

    it('flags query-builder table names, spliced table fragments and entity classes of another library', () => {
      expect(scan('libs/schemes/src/schemes.repository.ts', "qb.from('services', 's')")).toEqual(['ANOTHER_LIBRARY services:1']);
      expect(scan('libs/schemes/src/schemes.repository.ts', "join('services s', 's.id')")).toEqual(['ANOTHER_LIBRARY services:1']);
      expect(scan('libs/schemes/src/schemes.repository.ts', "q(`SELECT 1 FROM schemes ${join('services s')}`)")).toEqual([
        'ANOTHER_LIBRARY services:1',
      ]);
      expect(scan('libs/schemes/src/schemes.repository.ts', 'em.create(ServiceEntity, {})')).toEqual(['ANOTHER_LIBRARY services:1']);
    });

    it('ignores types, imports, routes and prose', () => {
      const code = [
        "import { ServiceEntity } from './entities/service.entity';",
        'function f(s: ServiceEntity): ServiceEntity[] { return [s]; }',
        "@Controller('v1/services') class C {}",
        "const msg = 'services are listed by name';",
        'TypeOrmModule.forFeature([ServiceEntity]);',
      ].join('\n');
      expect(scan('libs/catalog/src/catalog.module.ts', code)).toEqual([]);
    });

    it('lets the read model read every library’s tables, but not write them', () => {
      const code = "q('SELECT 1 FROM services JOIN scheme_registrations r USING (id)'); q('UPDATE services SET x = 1')";
      expect(scan(READ_MODEL, code)).toEqual(['READ_MODEL_WRITES services:1']);
    });
  });
});

describe('the replication model', () => {
  it('mirrors public tables only: no credentials, usages, webhooks, audit trail or idempotency records', () => {
    const own = readOwnership();
    const mirrored = MIRRORED_TABLES.map((t) => t.table);
    for (const table of mirrored) expect(own.tables.has(table)).toBe(true);
    const privateTables = [
      'api_credentials',
      'service_usages',
      'decision_states',
      'sweep_marks',
      'scheduled_jobs',
      'webhook_subscriptions',
      'webhook_deliveries',
      'webhook_attempts',
      'audit_events',
      'outbox_events',
      'signing_keys',
      'idempotency_keys',
    ];
    expect(mirrored.filter((t) => privateTables.includes(t))).toEqual([]);
  });
});
