import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { IsDateOnly, PageQueryDto, Optional } from '@app/shared';
import { IMPORT_LAYOUTS } from '../layouts';

const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ImportQueryDto {
  /** Default true: answer the diff and write nothing. `false` applies it (all rows or none). */
  @ApiPropertyOptional({ type: Boolean, default: true }) @Optional() @Transform(bool) @IsBoolean() dryRun?: boolean;

  /**
   * The file is the scheme's full list: registrations of its schemes that it does not list are reported as missing
   * (destinations layout: the destinations of the services it names).
   */
  @ApiPropertyOptional({ type: Boolean, default: false }) @Optional() @Transform(bool) @IsBoolean() fullList?: boolean;

  /** With fullList: end each missing registration (`withdrawn`) or destination from this day. Without it they are only reported. */
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() endMissingOn?: string;

  /** The day changed states and categories take effect (default: today in Asia/Tokyo). */
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() effectiveOn?: string;

  /** The layout (default: detected from the headers). */
  @ApiPropertyOptional({ enum: IMPORT_LAYOUTS }) @Optional() @IsIn(IMPORT_LAYOUTS) layout?: (typeof IMPORT_LAYOUTS)[number];

  /** The profile whose decisions today are compared before and after (default tokutei-tsushin). */
  @ApiPropertyOptional({ example: 'tokutei-tsushin', maxLength: 64 }) @Optional() @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/) profile?: string;

  /** The file's name, recorded with the import (a multipart upload's own name is used otherwise). */
  @Optional() @IsString() @MaxLength(255) fileName?: string;
}

export class ImportErrorDto {
  /** Spreadsheet row number (the header row is 1). */
  row: number;
  /** Column letter (A, B, …); null when a whole column is missing. */
  @ApiProperty({ type: String, nullable: true }) column: string | null;
  @ApiProperty({ type: String, nullable: true }) header: string | null;
  /** Stable code, e.g. INVALID_DATE, REQUIRED, MISSING_VALIDITY, DUPLICATE_ROW, MISSING_COLUMN. */
  code: string;
  message: string;
}

export class FieldChangeDto {
  field: string;
  @ApiProperty({ type: String, nullable: true }) old: string | null;
  @ApiProperty({ type: String, nullable: true }) new: string | null;
}

export class ImportRowDto {
  row: number;
  @ApiProperty({ enum: ['create', 'update', 'unchanged', 'error'] }) action: string;
  scheme: string;
  registrationNumber: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) registrationId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) serviceId: string | null;
  @ApiProperty({ type: [FieldChangeDto] }) changes: FieldChangeDto[];
  @ApiProperty({ example: { provider: false, service: true } }) creates: { provider: boolean; service: boolean };
  @ApiProperty({ type: [ImportErrorDto] }) errors: ImportErrorDto[];
}

export class MissingRegistrationDto {
  @ApiProperty({ format: 'uuid' }) registrationId: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  scheme: string;
  registrationNumber: string;
  /** Its status on the import day. */
  status: string;
  /** Whether this import ends it (endMissingOn). */
  ended: boolean;
}

/** One row of a destinations file (layout `destinations`): the declaration it matched or creates, and what changes. */
export class DestinationImportRowDto {
  row: number;
  @ApiProperty({ enum: ['create', 'update', 'unchanged', 'error'] }) action: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) serviceId: string | null;
  @ApiProperty({ enum: ['fqdn', 'cidr'] }) kind: string;
  /** The destination, canonical (as the endpoints API stores it). */
  destination: string;
  /** The declaration the row matched, or the one it creates (a ports change declares it again). */
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) endpointId: string | null;
  @ApiProperty({ type: [FieldChangeDto] }) changes: FieldChangeDto[];
  @ApiProperty({ type: [ImportErrorDto] }) errors: ImportErrorDto[];
}

export class MissingDestinationDto {
  @ApiProperty({ format: 'uuid' }) endpointId: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ enum: ['fqdn', 'cidr'] }) kind: string;
  destination: string;
  @ApiProperty({ format: 'date' }) effectiveOn: string;
  /** Its end before the import (null = open). */
  @ApiProperty({ type: String, format: 'date', nullable: true }) endedOn: string | null;
  /** Whether this import ends it (endMissingOn). */
  ended: boolean;
}

export class DecisionChangeDto {
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ example: { key: 'tokutei-tsushin', edition: '2025-10' } }) profile: { key: string; edition: string };
  from: string;
  to: string;
}

export class ImportCountsDto {
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  error: number;
  missing: number;
  ended: number;
}

export class ImportReportDto {
  /** The import record (null for a dry run, which records nothing). */
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) id: string | null;
  dryRun: boolean;
  applied: boolean;
  layout: string;
  layoutVersion: number;
  @ApiProperty({ enum: ['csv-utf8', 'csv-utf8-bom', 'csv-shift_jis', 'xlsx'] }) format: string;
  /** SHA-256 of the file's bytes (hex). */
  fileDigest: string;
  @ApiProperty({ type: String, nullable: true }) fileName: string | null;
  @ApiProperty({ format: 'date' }) effectiveOn: string;
  fullList: boolean;
  @ApiProperty({ type: String, format: 'date', nullable: true }) endMissingOn: string | null;
  counts: ImportCountsDto;
  @ApiProperty({ type: [ImportRowDto] }) rows: ImportRowDto[];
  /** Every problem (header and rows), row by row. A file with any cannot be applied. */
  @ApiProperty({ type: [ImportErrorDto] }) errors: ImportErrorDto[];
  @ApiProperty({ type: [MissingRegistrationDto] }) missing: MissingRegistrationDto[];
  /** Services whose decision today (under `profile`) the import changes. */
  @ApiProperty({ type: [DecisionChangeDto] }) decisionChanges: DecisionChangeDto[];
  /** Headers the layout does not know (ignored). */
  ignoredColumns: string[];
  /** Layout `destinations` only: its rows (`rows` and `missing` are for the registration layouts and stay empty). */
  @ApiPropertyOptional({ type: [DestinationImportRowDto] }) destinations?: DestinationImportRowDto[];
  /** Layout `destinations` with fullList: declarations of the named services that the file does not list. */
  @ApiPropertyOptional({ type: [MissingDestinationDto] }) missingDestinations?: MissingDestinationDto[];
}

export class ImportRecordDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  recordedAt: string;
  @ApiProperty({ format: 'uuid' }) actorId: string;
  actorRole: string;
  @ApiProperty({ type: String, nullable: true }) fileName: string | null;
  fileDigest: string;
  fileSize: number;
  format: string;
  layout: string;
  layoutVersion: number;
  fullList: boolean;
  @ApiProperty({ format: 'date' }) effectiveOn: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) endMissingOn: string | null;
  counts: ImportCountsDto;
}

export class ImportRecordPageDto {
  @ApiProperty({ type: [ImportRecordDto] }) items: ImportRecordDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ListImportsQueryDto extends PageQueryDto {}

export class ExportQueryDto {
  @ApiProperty({ enum: IMPORT_LAYOUTS }) @IsIn(IMPORT_LAYOUTS) layout: (typeof IMPORT_LAYOUTS)[number];
  @ApiPropertyOptional({ enum: ['csv', 'csv-shift_jis', 'xlsx'], default: 'csv' })
  @Optional()
  @IsIn(['csv', 'csv-shift_jis', 'xlsx'])
  format?: 'csv' | 'csv-shift_jis' | 'xlsx';
}
