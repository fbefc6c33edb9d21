import type { Decision } from '@app/eligibility-engine';
import type { RegistryWriter, WriteTx } from '@app/ledger';
import type { Actor } from '@app/shared';
import type { DecisionChangeDto, ImportReportDto } from './dto/import.dto';
import { toRecordDto } from './import-record';
import type { ImportsRepository } from './imports.repository';

/** The profile whose decisions an import compares before and after, unless the request names one. */
export const DEFAULT_IMPORT_PROFILE = 'tokutei-tsushin';

/** Thrown inside the transaction of a dry run so that everything it did is rolled back. */
export class DryRunRollback extends Error {
  constructor(readonly report: ImportReportDto) {
    super('dry run');
  }
}

/**
 * One import, dry run or apply, in one audited transaction. `work` plans, writes and reports; it
 * says through `changed` whether it wrote anything (an import that changes nothing is recorded but
 * leaves the revision, and so every cached decision, alone) and throws DryRunRollback with its report
 * to have everything it did rolled back.
 */
export async function inImportTransaction(
  writer: RegistryWriter,
  actor: Actor,
  work: (tx: WriteTx, changed: (wrote: boolean) => void) => Promise<ImportReportDto>,
): Promise<ImportReportDto> {
  let changed = false;
  try {
    return await writer.transaction(actor, (tx) => work(tx, (wrote) => (changed = wrote)), { bumpRevision: () => changed });
  } catch (e) {
    if (e instanceof DryRunRollback) return e.report;
    throw e;
  }
}

/** The decisions that flip between before and after the import's writes (a service it creates has none to flip). */
export function decisionFlips(before: readonly Decision[], after: readonly Decision[]): DecisionChangeDto[] {
  const was = new Map(before.map((d) => [d.serviceId, d.decision]));
  return after
    .filter((d) => was.has(d.serviceId) && was.get(d.serviceId) !== d.decision)
    .map((d) => ({ serviceId: d.serviceId, profile: d.profile, from: was.get(d.serviceId)!, to: d.decision }));
}

/** Records an applied import (who, when, the file, the counts), audits it, and returns the report with the record's id. */
export async function recordApplied(
  repo: ImportsRepository,
  tx: WriteTx,
  actor: Actor,
  report: ImportReportDto,
  fileSize: number,
): Promise<ImportReportDto> {
  const record = await repo.insert(tx, {
    actorId: actor.credentialId,
    actorRole: actor.role,
    fileName: report.fileName,
    fileDigest: report.fileDigest,
    fileSize,
    format: report.format,
    layout: report.layout,
    layoutVersion: report.layoutVersion,
    fullList: report.fullList,
    effectiveOn: report.effectiveOn,
    endMissingOn: report.endMissingOn,
    counts: report.counts,
  });
  tx.audit({ action: 'import.applied', subjectType: 'import', subjectId: record.id, before: null, after: toRecordDto(record) });
  return { ...report, id: record.id, applied: true };
}
