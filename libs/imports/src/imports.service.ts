import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CatalogService } from '@app/catalog';
import { EligibilityService } from '@app/eligibility';
import { RegistryWriter } from '@app/ledger';
import { SchemesService } from '@app/schemes';
import { type Actor, decodeCursor, type Page, toPage } from '@app/shared';
import type { ImportQueryDto, ImportRecordDto, ImportReportDto } from './dto/import.dto';
import { DestinationImportsService } from './destination-imports.service';
import { isDestinationsHeader } from './destinations';
import { toRecordDto } from './import-record';
import { decisionFlips, DEFAULT_IMPORT_PROFILE, DryRunRollback, inImportTransaction, recordApplied } from './import-run';
import { importInvalid, importUnreadable } from './imports.errors';
import { ImportsRepository } from './imports.repository';
import { type ImportLayoutKey, LAYOUT_SCHEMES, LAYOUT_VERSION, type LayoutKey } from './layouts';
import { type ImportRow, parseRegistrationList, type RowError } from './parse';
import { type ExistingRegistration, type ImportPlan, planImport, type RegistrySnapshot, scopeNamesOf, scopeText } from './plan';
import { readTable, type Table, TableReadError } from './table';
import { type ExportFormat, writeRegistrationList } from './write';

export interface ImportFile {
  bytes: Buffer;
  fileName: string | null;
}

/**
 * Imports the official lists. A dry run and an apply run the same code in one transaction through
 * the audited writer: the plan is computed against the registry as the transaction sees it, the
 * writes are made, the decisions of the touched services are compared before and after — and a dry
 * run then rolls everything back. An apply with any bad row throws before writing, so it is all
 * rows or none. The same file applied again plans no writes (every row unchanged).
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly writer: RegistryWriter,
    private readonly repo: ImportsRepository,
    private readonly catalog: CatalogService,
    private readonly schemes: SchemesService,
    private readonly eligibility: EligibilityService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly destinations: DestinationImportsService,
  ) {}

  async run(actor: Actor, file: ImportFile, query: ImportQueryDto, today: string): Promise<ImportReportDto> {
    const dryRun = query.dryRun ?? true;
    const fullList = query.fullList ?? false;
    const effectiveOn = query.effectiveOn ?? today;
    const endMissingOn = fullList ? (query.endMissingOn ?? null) : null;
    const fileDigest = createHash('sha256').update(file.bytes).digest('hex');
    let table: Table;
    try {
      table = await readTable(file.bytes);
    } catch (e) {
      if (e instanceof TableReadError) throw importUnreadable(e.message);
      throw e;
    }
    const fileName = query.fileName ?? file.fileName;
    if (query.layout === 'destinations' || (query.layout === undefined && isDestinationsHeader(table.rows[0] ?? []))) {
      return this.destinations.run(actor, { table, fileDigest, fileName, size: file.bytes.length }, query, today);
    }
    const parsed = parseRegistrationList(table, query.layout);
    return inImportTransaction(this.writer, actor, async (tx, changed) => {
      await this.repo.lock(tx);
      // one connection: the statements run one after the other
      const catalog = await this.catalog.importSnapshot(tx, today);
      const schemes = await this.schemes.importSnapshot(tx, today);
      const snapshot: RegistrySnapshot = { ...catalog, ...schemes };
      const plan = planImport(parsed.rows, snapshot, { fullList, columns: parsed.columns, newId: randomUUID });
      const errors = [...parsed.errors, ...plan.rows.flatMap((r) => r.errors)].sort((a, b) => a.row - b.row);
      const ends = endMissingOn ? plan.missing.filter((r) => ['registered', 'renewal_pending', 'suspended'].includes(r.status)) : [];
      // the report as planned: recordApplied gives an applied one its record's id
      const report = (decisionChanges: ImportReportDto['decisionChanges']): ImportReportDto => ({
        id: null,
        dryRun,
        applied: false,
        layout: parsed.layout,
        layoutVersion: LAYOUT_VERSION,
        format: parsed.format,
        fileDigest,
        fileName,
        effectiveOn,
        fullList,
        endMissingOn,
        counts: { rows: parsed.rows.length + rowsWithParseErrors(parsed.errors), ...countsOf(plan, parsed.errors), ended: ends.length },
        rows: plan.rows,
        errors,
        missing: plan.missing.map((r) => ({
          registrationId: r.id,
          serviceId: r.serviceId,
          scheme: r.scheme,
          registrationNumber: r.registrationNumber,
          status: r.status,
          ended: ends.includes(r),
        })),
        decisionChanges,
        ignoredColumns: parsed.ignoredColumns,
      });
      if (errors.length > 0) {
        if (dryRun) throw new DryRunRollback(report([]));
        throw importInvalid(errors);
      }
      const { writes } = plan;
      changed((Object.values(writes) as unknown[][]).some((list) => list.length > 0) || ends.length > 0);
      const coveredBy = (r: ExistingRegistration) => (r.coverage ?? []).map((c) => c.serviceId);
      const touched = [
        ...new Set([
          ...writes.newStates.flatMap((w) => [w.before.serviceId, ...coveredBy(w.before)]),
          ...ends.flatMap((r) => coveredBy(r)),
          ...writes.coverageAdds.map((c) => c.serviceId),
          ...writes.coverageEnds.map((c) => c.serviceId),
          ...writes.serviceUpdates.map((w) => w.id),
          ...writes.newRegistrations.map((w) => w.serviceId),
          ...ends.map((r) => r.serviceId),
        ]),
      ].sort();
      const newRegisteredOn = new Map(writes.newRegistrations.map((w) => [w.id, w.row.registeredOn]));
      const profile = query.profile ?? DEFAULT_IMPORT_PROFILE;
      const before = await this.eligibility.decideWithin(tx.em, touched, profile, today);
      await this.catalog.applyImport(tx, writes, effectiveOn);
      await this.schemes.applyImport(
        tx,
        {
          newRegistrations: writes.newRegistrations.map(({ id, row, serviceId }) => ({
            id,
            serviceId,
            scheme: row.scheme,
            registrationNumber: row.registrationNumber,
            registeredOn: row.registeredOn,
            state: stateOf(row),
            note: row.notes,
            scope: parsed.columns.scope !== undefined && row.scope.length > 0 ? scopeText(row.scope) : null,
          })),
          newStates: writes.newStates.map(({ before: b, next, row }) => ({
            before: imported(b),
            next: { ...next, status: next.status as never },
            note: row.notes,
          })),
          ends: ends.map((r) => ({ before: imported(r), endOn: endMissingOn! })),
          scopes: writes.scopes.map((w) => ({ before: imported(w.before), scope: w.scope })),
          coverageAdds: writes.coverageAdds.map((c) => ({
            registrationId: c.registrationId,
            serviceId: c.serviceId,
            registeredOn: c.isNew ? (newRegisteredOn.get(c.registrationId) ?? null) : null,
          })),
          coverageEnds: writes.coverageEnds.map(({ registrationId, serviceId }) => ({ registrationId, serviceId })),
        },
        effectiveOn,
        `import:${fileDigest.slice(0, 16)}`,
      );
      const decisionChanges = decisionFlips(before, await this.eligibility.decideWithin(tx.em, touched, profile, today));
      if (dryRun) throw new DryRunRollback(report(decisionChanges));
      return recordApplied(this.repo, tx, actor, report(decisionChanges), file.bytes.length);
    });
  }

  async list(cursor: string | undefined, limit: number): Promise<Page<ImportRecordDto>> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']) as [string, string] | null;
    const rows = await this.repo.list(after, limit);
    return toPage(rows, limit, toRecordDto, (r) => [r.recordedAt.toISOString(), r.id]);
  }

  /** The registrations of a layout's schemes as a file in that layout: importing it back is an empty diff. */
  async export(layout: ImportLayoutKey, format: ExportFormat, today: string): Promise<Buffer> {
    if (layout === 'destinations') return this.destinations.export(format, today);
    const rows = await this.db.transaction('REPEATABLE READ', async (em) => {
      const tx = { em };
      // one connection: the statements run one after the other
      const catalog = await this.catalog.importSnapshot(tx, today);
      const schemes = await this.schemes.importSnapshot(tx, today);
      return exportRows(layout, { ...catalog, ...schemes });
    });
    return writeRegistrationList(layout, rows, format);
  }
}

/** A planned registration as the schemes library takes it back. */
const imported = (r: ExistingRegistration) => ({
  ...r,
  status: r.status as never,
  scope: r.scope ?? null,
  coverage: [...(r.coverage ?? [])],
});

const stateOf = (row: ImportRow) => ({
  status: row.status as never,
  auditPeriodEnd: row.auditPeriodEnd,
  validUntil: row.validUntil,
  lastConfirmedOn: row.lastConfirmedOn,
});

function rowsWithParseErrors(errors: RowError[]): number {
  return new Set(errors.filter((e) => e.row > 1).map((e) => e.row)).size;
}

function countsOf(plan: ImportPlan, parseErrors: RowError[]) {
  return { ...plan.counts, error: plan.counts.error + rowsWithParseErrors(parseErrors) };
}

/** One row per registration of the layout's schemes, by scheme and registration number. */
function exportRows(layout: LayoutKey, snapshot: Omit<RegistrySnapshot, 'missingValidityInputs'>): Omit<ImportRow, 'row'>[] {
  const providers = new Map(snapshot.providers.map((p) => [p.id, p]));
  const services = new Map(snapshot.services.map((s) => [s.id, s]));
  return snapshot.registrations
    .filter((r) => LAYOUT_SCHEMES[layout].includes(r.scheme))
    .sort((a, b) => (a.scheme + '\u0000' + a.registrationNumber < b.scheme + '\u0000' + b.registrationNumber ? -1 : 1))
    .map((r) => {
      const service = services.get(r.serviceId)!;
      const provider = providers.get(service.providerId)!;
      return {
        scheme: r.scheme,
        registrationNumber: r.registrationNumber,
        serviceName: service.name,
        providerName: provider.name,
        corporateNumber: provider.corporateNumber,
        category: service.category,
        registeredOn: r.registeredOn,
        auditPeriodEnd: r.auditPeriodEnd,
        validUntil: r.validUntil,
        lastConfirmedOn: r.lastConfirmedOn,
        status: r.status,
        // the stored 対象範囲, or the services it covers now: importing it back changes nothing
        scope: scopeNamesOf(r, (id) => services.get(id)?.name),
        notes: null,
      };
    });
}
