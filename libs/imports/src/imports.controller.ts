import { Controller, Get, Header, HttpCode, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { todayInTokyo } from '@app/eligibility-engine';
import { type Actor, ApiProblems, CurrentActor, RequestNow, Roles } from '@app/shared';
import { ExportQueryDto, ImportQueryDto, ImportRecordPageDto, ImportReportDto, ListImportsQueryDto } from './dto/import.dto';
import { importFileMissing, importUnreadable } from './imports.errors';
import { fileFromMultipart } from './multipart';
import { ImportsService } from './imports.service';

/** Content types of a raw import body (the JSON parser leaves these alone). */
export const IMPORT_CONTENT_TYPES = [
  'text/csv',
  'application/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
] as const;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('imports')
@Controller('v1')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /**
   * Imports an official list (ISMAP / ISMAP-LIU or LGWAN-ASP layout) or the destinations of services
   * (destinations layout; docs/IMPORT.md) as CSV (UTF-8,
   * with or without BOM, or Shift_JIS) or .xlsx, sent as the body or as the multipart field `file`.
   * `dryRun` (default true) answers the diff per row and the decisions that would flip today,
   * writing nothing; `dryRun=false` applies it in one audited transaction, all rows or none.
   */
  @Post('imports')
  @HttpCode(200)
  @Roles('admin')
  @ApiConsumes(...IMPORT_CONTENT_TYPES, 'multipart/form-data')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: ImportReportDto })
  @ApiProblems(400, 413)
  async run(
    @CurrentActor() actor: Actor,
    @Query() query: ImportQueryDto,
    @Req() req: Request,
    @RequestNow() now: Date,
  ): Promise<ImportReportDto> {
    const file = await this.uploaded(req);
    if (!file || file.bytes.length === 0) throw importFileMissing();
    return this.imports.run(actor, file, query, todayInTokyo(now));
  }

  /**
   * The file: the raw body, or the multipart field `file` (both read whole by the body parser, so
   * `Idempotency-Key` fingerprints what was sent before the import runs).
   */
  private async uploaded(req: Request): Promise<{ bytes: Buffer; fileName: string | null } | null> {
    if (!Buffer.isBuffer(req.body)) return null;
    const contentType = req.headers['content-type'] ?? '';
    if (!/^multipart\/form-data/i.test(contentType)) return { bytes: req.body, fileName: null };
    try {
      return await fileFromMultipart(req.body, contentType, 'file');
    } catch (err) {
      throw importUnreadable(`malformed multipart body (${err instanceof Error ? err.message : String(err)})`);
    }
  }

  /** Applied imports, newest first: who, when, which file (SHA-256), what they changed. */
  @Get('imports')
  @Roles('admin')
  @ApiProblems(400)
  list(@Query() query: ListImportsQueryDto): Promise<ImportRecordPageDto> {
    return this.imports.list(query.cursor, query.limit);
  }

  /** The catalog's registrations (or destinations) in an import layout (CSV with BOM, Shift_JIS CSV or .xlsx): importing it back changes nothing. */
  @Get('catalog/export')
  @ApiProduces('text/csv', XLSX)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @Header('Cache-Control', 'no-store')
  @ApiProblems(400)
  async export(@Query() query: ExportQueryDto, @RequestNow() now: Date): Promise<StreamableFile> {
    const format = query.format ?? 'csv';
    const bytes = await this.imports.export(query.layout, format, todayInTokyo(now));
    return new StreamableFile(bytes, {
      type: format === 'xlsx' ? XLSX : format === 'csv' ? 'text/csv; charset=utf-8' : 'text/csv; charset=shift_jis',
      disposition: `attachment; filename="${query.layout}.${format === 'xlsx' ? 'xlsx' : 'csv'}"`,
    });
  }
}
