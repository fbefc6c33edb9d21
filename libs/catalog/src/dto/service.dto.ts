import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsDateOnly, PageQueryDto, Optional } from '@app/shared';

export const SERVICE_MODELS = ['SaaS', 'PaaS', 'IaaS'] as const;
export const LIFECYCLE_STATUSES = ['active', 'retired'] as const;

export class CreateServiceDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() providerId: string;

  @ApiProperty({ example: 'サンプル会議' }) @IsString() @IsNotEmpty() @MaxLength(300) name: string;

  @Optional() @IsString() @IsNotEmpty() @MaxLength(300) nameEn?: string;

  /** One of the registry's categories (GET /v1/categories). */
  @ApiProperty({ example: 'web_conferencing' })
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'category must be a category key such as web_conferencing' })
  @MaxLength(64)
  category: string;

  @ApiPropertyOptional({ enum: SERVICE_MODELS }) @Optional() @IsIn(SERVICE_MODELS) serviceModel?: (typeof SERVICE_MODELS)[number];

  @Optional() @IsString() @MaxLength(5000) description?: string;

  /**
   * File-import controls: the methods the product uses (e.g. sanitization, multi_scan, sandbox;
   * several for a combination). Dated like the category: a change takes `effectiveOn`. Which
   * methods are accepted is profile data (`method` requirements).
   */
  @ApiPropertyOptional({ type: [String], example: ['multi_scan'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(10)
  @MaxLength(64, { each: true })
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { each: true, message: 'each file-import method must be a key such as multi_scan' })
  fileImportMethods?: string[];
}

export class UpdateServiceDto extends PartialType(OmitType(CreateServiceDto, ['providerId'] as const)) {
  @ApiPropertyOptional({ enum: LIFECYCLE_STATUSES })
  @Optional()
  @IsIn(LIFECYCLE_STATUSES)
  lifecycleStatus?: (typeof LIFECYCLE_STATUSES)[number];

  /**
   * When a category change or a retirement in this request takes effect (default: today in
   * Asia/Tokyo). Decisions for earlier dates keep the earlier facts.
   */
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() effectiveOn?: string;
}

export class ListServicesQueryDto extends PageQueryDto {
  /** Partial match on service and provider names (Japanese: full/half width and kana folded). */
  @Optional() @IsString() @MaxLength(200) q?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() providerId?: string;
  @Optional() @Matches(/^[a-z][a-z0-9_]{0,63}$/) @MaxLength(64) category?: string;
  /** Services holding a registration in this scheme (any status). */
  @ApiPropertyOptional({ example: 'ISMAP' }) @Optional() @Matches(/^[A-Z][A-Z0-9_]{0,63}$/) @MaxLength(64) scheme?: string;

  /**
   * `csv`: every service matching the filters in one Excel-ready file (UTF-8 with BOM, CRLF, a header row,
   * one row per service, in list order); `cursor` and `limit` do not apply.
   */
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @Optional() @IsIn(['json', 'csv']) format: 'json' | 'csv' = 'json';
}

export class CategoryPeriodDto {
  category: string;
  /** First day this category holds; null = from the start. */
  @ApiProperty({ type: String, format: 'date', nullable: true }) effectiveOn: string | null;
  /** The file-import methods declared in this period (empty = none). */
  fileImportMethods: string[];
}

export class ServiceResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) providerId: string;
  name: string;
  @ApiProperty({ type: String, nullable: true }) nameEn: string | null;
  /** The category in force today (Asia/Tokyo). */
  category: string;
  /** Every category the service has had, oldest first; the first has `effectiveOn: null` (from the start). */
  @ApiProperty({ type: () => [CategoryPeriodDto] }) categoryHistory: CategoryPeriodDto[];
  /** File-import methods declared today (empty = none). */
  fileImportMethods: string[];
  @ApiProperty({ enum: SERVICE_MODELS, nullable: true }) serviceModel: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  /** `retired` from `retiredOn` on. */
  @ApiProperty({ enum: LIFECYCLE_STATUSES }) lifecycleStatus: string;
  /** First day the service is retired (also when that day is still ahead); null = not retired. */
  @ApiProperty({ type: String, format: 'date', nullable: true }) retiredOn: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export class ServicePageDto {
  @ApiProperty({ type: [ServiceResponseDto] }) items: ServiceResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class CategoryDto {
  key: string;
  name: string;
  nameEn: string;
}
