import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { OBLIGATION_REASONS, REASON_CODES, WARNING_CODES } from '@app/eligibility-engine';
import { IsDateOnly, PageQueryDto, Optional } from '@app/shared';

export const DECISIONS = ['eligible', 'ineligible', 'indeterminate'] as const;
const REQUIREMENT_OUTCOMES = ['satisfied', 'failed', 'missing', 'expired', 'not_applicable'] as const;

export class DecisionQueryDto {
  /** Criteria profile key. Default: tokutei-tsushin (特定通信). */
  @ApiPropertyOptional({ example: 'tokutei-tsushin', default: 'tokutei-tsushin' })
  @Optional()
  @Matches(/^[a-z0-9][a-z0-9-]*$/, { message: 'profile must be a profile key such as tokutei-tsushin' })
  @MaxLength(64)
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

/** How a registration of another service of the provider reaches this one: its scope (対象範囲). */
class BasisCoverageDto {
  /** The service the registration is recorded for. */
  @ApiProperty({ format: 'uuid' }) registeredServiceId: string;
  /** The coverage period in force on the decision's date: from effectiveOn until the day before endedOn. */
  @ApiProperty({ format: 'date' }) effectiveOn: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) endedOn: string | null;
}

class BasisDto {
  @ApiProperty({ enum: ['registration', 'assessment', 'endpoint', 'service'] }) type: string;
  @ApiProperty({ format: 'uuid' }) id: string;
  /** Only on a registration that covers the service without being recorded for it. */
  @ApiPropertyOptional({ type: BasisCoverageDto }) coverage?: BasisCoverageDto;
}

class RequirementResultDto {
  id: string;
  mandatory: boolean;
  @ApiProperty({ enum: REQUIREMENT_OUTCOMES }) outcome: string;
  /** Stable reason code. */
  @ApiProperty({ enum: REASON_CODES }) reason: string;
  /** The reason in words, in the language negotiated from `Accept-Language` (see `Content-Language`), with its dates. */
  @ApiProperty({ example: '登録が有効です。有効期限：2026年7月31日。' }) message: string;
  /** The records that decided this requirement. */
  @ApiProperty({ type: [BasisDto] }) basis: BasisDto[];
  @ApiProperty({ format: 'date', nullable: true, type: String }) validUntil: string | null;
}

class WarningDto {
  @ApiProperty({ enum: WARNING_CODES }) code: string;
  requirementId?: string;
  @ApiPropertyOptional({ format: 'date' }) validUntil?: string;
  /** The warning in words, in the negotiated language, naming its requirement and date. */
  @ApiProperty({
    example: 'Evidence behind this decision ends soon. Check that it will be renewed in time. Requirement: MFA. Ends: 2026-05-31.',
  })
  message: string;
}

class ObligationRefDto {
  id: string;
  /** The obligation's title as the profile records it (Japanese). */
  title: string;
  /** What the municipality must do, in the negotiated language. */
  message: string;
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

export const OBLIGATION_STATES = ['met', 'open', 'not_required', 'required'] as const;

class ObligationBasisDto {
  @ApiProperty({ enum: ['measure', 'usage'] }) type: string;
  /** usage: the usage id; measure: `MEASURE@effectiveOn`. */
  id: string;
  /** usage: the used service. */
  @ApiPropertyOptional({ format: 'uuid' }) serviceId?: string;
}

class ObligationStatusDto {
  id: string;
  title: string;
  /**
   * For the municipality's own credential or an administrator: `met` (basis and validUntil say by
   * what and until when), `open` or `not_required`. Anyone else: `required` or `not_required` only.
   */
  @ApiProperty({ enum: OBLIGATION_STATES }) status: string;
  @ApiProperty({ enum: OBLIGATION_REASONS }) reason: string;
  @ApiProperty({ type: [ObligationBasisDto] }) basis: ObligationBasisDto[];
  @ApiProperty({ format: 'date', nullable: true, type: String }) validUntil: string | null;
  /** Why it has this status, in the language negotiated from `Accept-Language` (set by the decision route). */
  @ApiPropertyOptional() message?: string;
}

/** The obligations of the decision for one municipality (its network model, breakout point, measures and usages). */
export class MunicipalityObligationsDto {
  @ApiProperty({ example: '011002' }) code: string;
  @ApiProperty({ type: String, nullable: true }) networkModel: string | null;
  @ApiProperty({ type: String, nullable: true }) breakoutPoint: string | null;
  /** `private` for the municipality's own credential or an administrator, `public` otherwise. */
  @ApiProperty({ enum: ['private', 'public'] }) view: 'private' | 'public';
  @ApiProperty({ type: [ObligationStatusDto] }) obligations: ObligationStatusDto[];
}

export class MunicipalityDecisionQueryDto extends DecisionQueryDto {
  /** A local government code: adds each obligation's status for that municipality (`municipality` in the answer). */
  @ApiPropertyOptional({ example: '011002', pattern: '^\\d{6}$', maxLength: 6 })
  @Optional()
  @Matches(/^\d{6}$/, { message: 'municipality must be a 6-digit local government code' })
  municipality?: string;
}

/** A decision, with the obligation statuses of one municipality when `municipality=` was asked. */
export class MunicipalityDecisionDto extends DecisionDto {
  @ApiPropertyOptional({ type: MunicipalityObligationsDto }) municipality?: MunicipalityObligationsDto;
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

class ImpactDecisionDto {
  @ApiProperty({ enum: DECISIONS }) decision: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) validUntil: string | null;
}

class ImpactResultDto {
  @ApiProperty({ enum: ['satisfied', 'failed', 'missing', 'expired', 'not_applicable'] }) outcome: string;
  @ApiProperty({ enum: REASON_CODES }) reason: string;
  mandatory: boolean;
}

class ImpactCauseDto {
  requirementId: string;
  /** The result under the edition in effect (null: it has no such requirement). */
  @ApiProperty({ type: ImpactResultDto, nullable: true }) from: ImpactResultDto | null;
  /** The result under the edition asked for (null: it dropped the requirement). */
  @ApiProperty({ type: ImpactResultDto, nullable: true }) to: ImpactResultDto | null;
}

class ServiceImpactDto {
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ type: ImpactDecisionDto, nullable: true }) from: ImpactDecisionDto | null;
  @ApiProperty({ type: ImpactDecisionDto }) to: ImpactDecisionDto;
  @ApiProperty({ type: [ImpactCauseDto] }) causes: ImpactCauseDto[];
}

/** The services whose decision changes between the edition in effect on asOf and the one asked for (same facts, same date). */
export class EditionImpactDto {
  profile: ProfileRefDto;
  /** The edition in effect on asOf among the others (null: none). */
  @ApiProperty({ type: ProfileRefDto, nullable: true }) baseline: ProfileRefDto | null;
  @ApiProperty({ format: 'date' }) asOf: string;
  /** The asked edition's first day. */
  @ApiProperty({ format: 'date' }) effectiveFrom: string;
  /** Services compared. */
  compared: number;
  @ApiProperty({ type: [ServiceImpactDto] }) services: ServiceImpactDto[];
}

export class ImpactQueryDto {
  /** The date both editions decide on. Default: today in Asia/Tokyo. */
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() asOf?: string;
}
