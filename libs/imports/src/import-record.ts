import type { ImportRecordDto } from './dto/import.dto';
import type { ImportRecordEntity } from './entities/import-record.entity';

/** An applied import as the API lists it (and as its audit event records it). */
export const toRecordDto = (r: ImportRecordEntity): ImportRecordDto => ({
  id: r.id,
  recordedAt: r.recordedAt.toISOString(),
  actorId: r.actorId,
  actorRole: r.actorRole,
  fileName: r.fileName,
  fileDigest: r.fileDigest,
  fileSize: r.fileSize,
  format: r.format,
  layout: r.layout,
  layoutVersion: r.layoutVersion,
  fullList: r.fullList,
  effectiveOn: r.effectiveOn,
  endMissingOn: r.endMissingOn,
  counts: r.counts,
});
