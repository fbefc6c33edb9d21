import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { REASON_CODES, WARNING_CODES } from '@app/eligibility-engine';
import { IsDateOnly, PageQueryDto, Optional } from '@app/shared';

export const DECISIONS = ['eligible', 'ineligible', 'indeterminate'] as const;
const REQUIREMENT_OUTCOMES = ['satisfied', 'failed', 'missing', 'expired', 'not_applicable'] as const;

export class DecisionQueryDto {
  /** Criteria profile key. Default: tokutei-tsushin (特定通信). */
  @ApiPropertyOptional({ example: 'tokutei-tsushin', default: 'tokutei-tsushin' })
  @Optional()
  @Matches(/^[a-z0-9][a-z0-9-]*$/, { message: 'profile must be a profile key such as tokutei-tsushin' })
  profile: string = 'tokutei-tsushin';

  /** A specific edition; default: the edition in effect on asOf. */
  @ApiPropertyOptional({ example: 'R6.10' }) @Optional() @IsString() @MaxLength(50) edition?: string;

  /** The date the decision is for. Default: today in Asia/Tokyo. */
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() asOf?: string;
}

export class BulkDecisionQueryDto extends IntersectionType(PageQueryDto, DecisionQueryDto) {
  /** Only decisions with this outcome. */
  @ApiPropertyOptional({ enum: DECISIONS }) @Optional() @IsIn(DECISIONS) decision?: (typeof DECISIONS)[number];

  /** `csv`: every matching decision in one Excel-ready file (UTF-8 with BOM, CRLF), one row per service; no paging. */
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @Optional() @IsIn(['json', 'csv']) format: 'json' | 'csv' = 'json';
}

export class AllowlistQueryDto extends OmitType(DecisionQueryDto, ['profile'] as const) {
  /** `txt`: one destination per line; `csv`: one row per destination, Excel-ready (UTF-8 with BOM, CRLF). */
  @ApiPropertyOptional({ enum: ['json', 'txt', 'csv'], default: 'json' })
  @Optional()
  @IsIn(['json', 'txt', 'csv'])
  format: 'json' | 'txt' | 'csv' = 'json';
}

export class ExpiringQueryDto extends PageQueryDto {
  /** Window in days from asOf (inclusive). */
  @ApiPropertyOptional({ default: 90, minimum: 0, maximum: 3650 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3650)
  within: number = 90;

  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() asOf?: string;

  /** `csv`: the whole list in one Excel-ready file (UTF-8 with BOM, CRLF); no paging. */
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @Optional() @IsIn(['json', 'csv']) format: 'json' | 'csv' = 'json';
}

class BasisDto {
  @ApiProperty({ enum: ['registration', 'assessment', 'endpoint', 'service'] }) type: string;
  @ApiProperty({ format: 'uuid' }) id: string;
}

class RequirementResultDto {
  id: string;
  mandatory: boolean;
  @ApiProperty({ enum: REQUIREMENT_OUTCOMES }) outcome: string;
  /** Stable reason code. */
  @ApiProperty({ enum: REASON_CODES }) reason: string;
  /** The records that decided this requirement. */
  @ApiProperty({ type: [BasisDto] }) basis: BasisDto[];
  @ApiProperty({ format: 'date', nullable: true, type: String }) validUntil: string | null;
}

class WarningDto {
  @ApiProperty({ enum: WARNING_CODES }) code: string;
  requirementId?: string;
  @ApiPropertyOptional({ format: 'date' }) validUntil?: string;
}

class ObligationRefDto {
  id: string;
  title: string;
}

class ProfileRefDto {
  key: string;
  edition: string;
}

/** "May this service be used on asOf, until when, and why?" */
export class DecisionDto {
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  profile: ProfileRefDto;
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ enum: DECISIONS }) decision: string;
  /** The earliest end of the evidence relied on; null unless eligible (or no known end). */
  @ApiProperty({ format: 'date', nullable: true, type: String }) validUntil: string | null;
  @ApiProperty({ type: [RequirementResultDto] }) requirements: RequirementResultDto[];
  /** Municipality-side conditions (eligible decisions only). */
  @ApiProperty({ type: [ObligationRefDto] }) obligations: ObligationRefDto[];
  @ApiProperty({ type: [WarningDto] }) warnings: WarningDto[];
}

export class DecisionPageDto {
  @ApiProperty({ type: [DecisionDto] }) items: DecisionDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class AllowlistEntryDto {
  @ApiProperty({ enum: ['fqdn', 'cidr'] }) kind: string;
  value: string;
  /** Union of the ports declared for this destination; empty = not restricted by the services. */
  @ApiProperty({ type: [Number] }) ports: number[];
  @ApiProperty({ type: [String], description: 'Eligible services that declare it' }) services: string[];
}

export class AllowlistDto {
  profile: ProfileRefDto;
  @ApiProperty({ format: 'date' }) asOf: string;
  /** The earliest validUntil among the eligible services relied on (null = none known). */
  @ApiProperty({ format: 'date', nullable: true, type: String }) validUntil: string | null;
  serviceCount: number;
  @ApiProperty({ type: [AllowlistEntryDto] }) entries: AllowlistEntryDto[];
}

export class ExpiringItemDto {
  @ApiProperty({ enum: ['registration', 'assessment'] }) kind: string;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ format: 'date' }) validUntil: string;
  daysLeft: number;
}

export class ExpiringPageDto {
  @ApiProperty({ type: [ExpiringItemDto] }) items: ExpiringItemDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
