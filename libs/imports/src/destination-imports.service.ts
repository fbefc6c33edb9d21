import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CatalogService } from '@app/catalog';
import { EligibilityService } from '@app/eligibility';
import { RegistryWriter } from '@app/ledger';
import type { Actor } from '@app/shared';
import type { ImportQueryDto, ImportReportDto } from './dto/import.dto';
import { planDestinationImport } from './destinations-plan';
import { DESTINATIONS_LAYOUT, destinationGrid, type DestinationExportRow, parseDestinationList } from './destinations';
import { decisionFlips, DEFAULT_IMPORT_PROFILE, DryRunRollback, inImportTransaction, recordApplied } from './import-run';
import { importInvalid } from './imports.errors';
import { ImportsRepository } from './imports.repository';
import { LAYOUT_VERSION } from './layouts';
import type { RowError } from './parse';
import type { Table } from './table';
import { type ExportFormat, writeGrid } from './write';

/** The file as ImportsService read it. */
export interface DestinationFile {
  table: Table;
  fileDigest: string;
  fileName: string | null;
  size: number;
}

/**
 * The destinations layout (docs/IMPORT.md): the same transaction as the registration layouts (the
 * import lock, a plan against the registry as the transaction sees it, the catalog's own bulk write
 * path through the audited writer, decisions of the touched services compared before and after, a
 * dry run rolled back, an apply with any bad row refused whole).
 */
@Injectable()
export class DestinationImportsService {
  constructor(
    private readonly writer: RegistryWriter,
    private readonly repo: ImportsRepository,
    private readonly catalog: CatalogService,
    private readonly eligibility: EligibilityService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async run(actor: Actor, file: DestinationFile, query: ImportQueryDto, today: string): Promise<ImportReportDto> {
    const dryRun = query.dryRun ?? true;
    const fullList = query.fullList ?? false;
    const effectiveOn = query.effectiveOn ?? today;
    const endMissingOn = fullList ? (query.endMissingOn ?? null) : null;
    const parsed = parseDestinationList(file.table);
    return inImportTransaction(this.writer, actor, async (tx, changed) => {
      await this.repo.lock(tx);
      // one connection: the statements run one after the other
      const { providers, services } = await this.catalog.importSnapshot(tx, today);
      const endpoints = await this.catalog.endpointSnapshot(tx);
      const plan = planDestinationImport(
        parsed.rows,
        { providers, services, endpoints },
        { fullList, endMissingOn, effectiveOn, today, newId: randomUUID, columns: parsed.columns },
      );
      const errors = [...parsed.errors, ...plan.rows.flatMap((r) => r.errors)].sort((a, b) => a.row - b.row);
      const parseErrorRows = rowsWithErrors(parsed.errors);
      // the report as planned: recordApplied gives an applied one its record's id
      const report = (decisionChanges: ImportReportDto['decisionChanges']): ImportReportDto => ({
        id: null,
        dryRun,
        applied: false,
        layout: DESTINATIONS_LAYOUT,
        layoutVersion: LAYOUT_VERSION,
        format: parsed.format,
        fileDigest: file.fileDigest,
        fileName: file.fileName,
        effectiveOn,
        fullList,
        endMissingOn,
        counts: { rows: parsed.rows.length + parseErrorRows, ...plan.counts, error: plan.counts.error + parseErrorRows },
        rows: [],
        errors,
        missing: [],
        decisionChanges,
        ignoredColumns: parsed.ignoredColumns,
        destinations: plan.rows,
        missingDestinations: plan.missing.map(({ endpoint: e, endsOn }) => ({
          endpointId: e.id,
          serviceId: e.serviceId,
          kind: e.kind,
          destination: e.value,
          effectiveOn: e.effectiveOn,
          endedOn: e.endedOn,
          ended: endsOn !== null,
        })),
      });
      if (errors.length > 0) {
        if (dryRun) throw new DryRunRollback(report([]));
        throw importInvalid(errors);
      }
      const { writes } = plan;
      changed(writes.endChanges.length + writes.portChanges.length + writes.newEndpoints.length > 0);
      const profile = query.profile ?? DEFAULT_IMPORT_PROFILE;
      const touched = plan.touchedServices;
      const before = await this.eligibility.decideWithin(tx.em, touched, profile, today);
      await this.catalog.applyEndpointImport(tx, writes);
      const decisionChanges = decisionFlips(before, await this.eligibility.decideWithin(tx.em, touched, profile, today));
      if (dryRun) throw new DryRunRollback(report(decisionChanges));
      return recordApplied(this.repo, tx, actor, report(decisionChanges), file.size);
    });
  }

  /**
   * Every destination in force or ahead on `today` (for each service and destination, the declaration
   * that speaks for it), by provider, service, kind and destination: importing it back is an empty diff.
   */
  async export(format: ExportFormat, today: string): Promise<Buffer> {
    const rows = await this.db.transaction('REPEATABLE READ', async (em) => {
      const tx = { em };
      // one connection: the statements run one after the other
      const { providers, services } = await this.catalog.importSnapshot(tx, today);
      const endpoints = await this.catalog.endpointSnapshot(tx);
      const providerOf = new Map(providers.map((p) => [p.id, p]));
      const serviceOf = new Map(services.map((s) => [s.id, s]));
      const open = new Set(endpoints.filter((e) => e.endedOn === null).map((e) => `${e.serviceId}\u0000${e.kind}\u0000${e.value}`));
      return (
        endpoints
          // an end still ahead is written unless the same destination is declared again (open) already
          .filter((e) => e.endedOn === null || (e.endedOn > today && !open.has(`${e.serviceId}\u0000${e.kind}\u0000${e.value}`)))
          .map((e): DestinationExportRow => {
            const service = serviceOf.get(e.serviceId)!;
            const provider = providerOf.get(service.providerId)!;
            return {
              providerName: provider.name,
              corporateNumber: provider.corporateNumber,
              serviceName: service.name,
              serviceId: service.id,
              kind: e.kind,
              value: e.value,
              ports: e.ports,
              effectiveOn: e.effectiveOn,
              endedOn: e.endedOn,
              notes: e.purpose,
            };
          })
          .sort((a, b) => compareRows(a, b))
      );
    });
    return writeGrid(destinationGrid(rows), format, DESTINATIONS_LAYOUT);
  }
}

const exportKey = (r: DestinationExportRow) => [r.providerName, r.serviceName, r.serviceId, r.kind, r.value];
function compareRows(a: DestinationExportRow, b: DestinationExportRow): number {
  const [x, y] = [exportKey(a), exportKey(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

function rowsWithErrors(errors: RowError[]): number {
  return new Set(errors.filter((e) => e.row > 1).map((e) => e.row)).size;
}
