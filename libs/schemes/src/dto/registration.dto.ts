import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { REGISTRATION_STATUSES, type RegistrationStatus } from '@app/eligibility-engine';
import { IsDateOnly, Optional, Required } from '@app/shared';

export class CreateRegistrationDto {
  /** A scheme key (GET /v1/schemes), e.g. ISMAP, ISMAP_LIU, LGWAN_ASP. */
  @ApiProperty({ example: 'ISMAP' })
  @Matches(/^[A-Z][A-Z0-9_]{0,63}$/, { message: 'scheme must be a scheme key such as ISMAP' })
  @MaxLength(64)
  scheme: string;

  /** As published by the scheme; stored as an opaque string. */
  @ApiProperty({ example: 'C22-0001-1' }) @IsString() @IsNotEmpty() @MaxLength(100) registrationNumber: string;

  @ApiProperty({ enum: REGISTRATION_STATUSES }) @IsIn(REGISTRATION_STATUSES) status: RegistrationStatus;

  /** The day the registration (and the status given here) takes effect. Default: today (Asia/Tokyo). */
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() registeredOn?: string;

  /** End of the audited period: ISMAP validity is computed from it. */
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() auditPeriodEnd?: string;

  /** Explicit end of validity from the official list; overrides the computed one. */
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() validUntil?: string;

  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() renewalFiledOn?: string;

  /** LGWAN-ASP: when the listing was last confirmed. */
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() lastConfirmedOn?: string;

  /** Where this record came from (manual entry, an import batch). */
  @Optional() @IsString() @MaxLength(200) source?: string;

  /** The scope (対象範囲) as published, for display; the covered services are linked with POST …/coverage. */
  @Optional() @IsString() @MaxLength(2000) scope?: string;
}

/**
 * A change of a registration. Status and period fields form a new state, in force from `effectiveOn`
 * (default: today, Asia/Tokyo); earlier states stay in the history.
 */
export class UpdateRegistrationDto {
  @Optional() @IsString() @IsNotEmpty() @MaxLength(100) registrationNumber?: string;
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES }) @Optional() @IsIn(REGISTRATION_STATUSES) status?: RegistrationStatus;
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() effectiveOn?: string;
  @ApiPropertyOptional({ format: 'date', nullable: true }) @IsOptional() @IsDateOnly() auditPeriodEnd?: string | null;
  @ApiPropertyOptional({ format: 'date', nullable: true }) @IsOptional() @IsDateOnly() validUntil?: string | null;
  @ApiPropertyOptional({ format: 'date', nullable: true }) @IsOptional() @IsDateOnly() renewalFiledOn?: string | null;
  @ApiPropertyOptional({ format: 'date', nullable: true }) @IsOptional() @IsDateOnly() lastConfirmedOn?: string | null;
  @Optional() @IsString() @MaxLength(1000) note?: string;
  /** The published scope text (対象範囲); null clears it. */
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(2000) scope?: string | null;
}

class RegistrationStateDto {
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: string;
  @ApiProperty({ format: 'date' }) effectiveOn: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) auditPeriodEnd: string | null;
  /** Explicit end of validity given for this state, if any. */
  @ApiProperty({ format: 'date', nullable: true, type: String }) validUntil: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) renewalFiledOn: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) lastConfirmedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  recordedAt: string;
}

/** Adds a service of the registration's provider to its scope (対象範囲), from `effectiveOn`. */
export class CreateCoverageDto {
  /** A service of the same provider as the registered service. */
  @ApiProperty({ format: 'uuid' }) @Required() @IsUUID() serviceId: string;
  /** The first day the service is covered. Default: today (Asia/Tokyo). */
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() effectiveOn?: string;
}

/** Ends a service's coverage: `endedOn` is the first day it is no longer covered. */
export class EndCoverageDto {
  /** The first day the service is no longer covered (not before the coverage's effectiveOn). Default: today (Asia/Tokyo). */
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() endedOn?: string;
}

/** A service the registration covers besides the registered one, over a period. */
class CoverageDto {
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  /** First day covered. */
  @ApiProperty({ format: 'date' }) effectiveOn: string;
  /** First day no longer covered; null = still covered. */
  @ApiProperty({ format: 'date', nullable: true, type: String }) endedOn: string | null;
}

export class RegistrationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  scheme: string;
  registrationNumber: string;
  @ApiProperty({ format: 'date' }) registeredOn: string;
  /** The state in force today (Asia/Tokyo); null before registeredOn. */
  @ApiProperty({ enum: REGISTRATION_STATUSES, nullable: true }) status: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) auditPeriodEnd: string | null;
  /** The effective end of validity: explicit, or computed by the scheme's rule; null = no fixed end. */
  @ApiProperty({ format: 'date', nullable: true, type: String }) validUntil: string | null;
  @ApiProperty({ enum: ['explicit', 'computed', 'none'] }) validUntilSource: 'explicit' | 'computed' | 'none';
  @ApiProperty({ format: 'date', nullable: true, type: String }) renewalFiledOn: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) lastConfirmedOn: string | null;
  /** Whether it counts as in effect today (renewal grace included). */
  inEffect: boolean;
  source: string;
  /** The scope (対象範囲) as the official list publishes it; null when not given. */
  @ApiProperty({ nullable: true, type: String }) scope: string | null;
  /** The other services of the provider it covers (the registered service is always covered), ended links included. */
  @ApiProperty({ type: [CoverageDto] }) coverage: CoverageDto[];
  /**
   * In a service's list only: `registration` when it is recorded for that service, `coverage` when
   * it reaches the service through its scope.
   */
  @ApiPropertyOptional({ enum: ['registration', 'coverage'] }) coveredVia?: 'registration' | 'coverage';
  @ApiProperty({ type: [RegistrationStateDto] }) history: RegistrationStateDto[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export class RegistrationPageDto {
  @ApiProperty({ type: [RegistrationResponseDto] }) items: RegistrationResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class SchemeDto {
  key: string;
  name: string;
  nameEn: string;
  @ApiProperty({ description: 'How validity is derived', example: { kind: 'audit_period_months', months: 16 } })
  validityRule: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) numberPattern: string | null;
  source: string;
}
