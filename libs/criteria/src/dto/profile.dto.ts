import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IntIn, IsDateOnly, MAX_DAYS, Optional, PageQueryDto } from '@app/shared';

const REQUIREMENT_KINDS = ['scheme', 'category', 'endpoints', 'attestation', 'method'] as const;
const NETWORK_MODELS = ['alpha', 'alpha_prime', 'beta', 'beta_prime'] as const;
const BREAKOUT_POINTS = ['own_firewall', 'security_cloud'] as const;

class ThresholdDto {
  @ApiProperty({ example: 'detectionRatePercent', maxLength: 64 }) measure: string;
  @ApiProperty({ example: 99 }) min: number;
  @ApiPropertyOptional({ example: 'registry-fic-corpus-2025', maxLength: 200 }) corpus?: string;
}

class ObligationMetByDto {
  /** A self-attested dated measure of the municipality (e.g. EDR_DEPLOYED). */
  @ApiPropertyOptional({ example: 'EDR_DEPLOYED', maxLength: 64 }) measure?: string;
  /** A usage by the municipality of a service eligible under this profile (e.g. file-import-control). */
  @ApiPropertyOptional({ example: 'file-import-control', maxLength: 64 }) usageOf?: string;
}

class RequirementParamsDto {
  /** scheme: any of these schemes satisfies the requirement. */
  @ApiPropertyOptional({ type: [String], example: ['ISMAP', 'ISMAP_LIU'], maxItems: 100, items: { type: 'string', maxLength: 64 } })
  schemes?: string[];
  /** category: the service categories allowed. */
  @ApiPropertyOptional({ type: [String], maxItems: 100, items: { type: 'string', maxLength: 64 } }) allowedCategories?: string[];
  @ApiPropertyOptional({ enum: ['allowlist', 'no_shared_cdn'] }) check?: string;
  @ApiPropertyOptional({ example: 16 }) maxIpv4Prefix?: number;
  @ApiPropertyOptional({ example: 32 }) maxIpv6Prefix?: number;
  @ApiPropertyOptional({ type: [String], maxItems: 100, items: { type: 'string', maxLength: 253 } }) sharedCdnDomains?: string[];
  /** method: the declared methods accepted (every declared method must be one of these). */
  @ApiPropertyOptional({
    type: [String],
    maxItems: 100,
    items: { type: 'string', maxLength: 253 },
    example: ['sanitization', 'multi_scan', 'sandbox'],
  })
  acceptedMethods?: string[];
  /** attestation: applies only to services declaring one of these methods. */
  @ApiPropertyOptional({ type: [String], maxItems: 100, items: { type: 'string', maxLength: 253 }, example: ['multi_scan'] })
  appliesToMethods?: string[];
  /** attestation: numeric benchmarks a `met` finding's measurements must reach. */
  @ApiPropertyOptional({ type: [ThresholdDto], maxItems: 100 }) thresholds?: ThresholdDto[];
}

class RequirementDto {
  @ApiProperty({ example: 'TLS12_PLUS' }) @Matches(/^[A-Z][A-Z0-9_]*$/) @MaxLength(64) id: string;
  @ApiProperty({ enum: REQUIREMENT_KINDS }) @IsIn(REQUIREMENT_KINDS) kind: (typeof REQUIREMENT_KINDS)[number];
  @IsBoolean() mandatory: boolean;
  @IsString() @IsNotEmpty() @MaxLength(500) title: string;
  @IsString() @IsNotEmpty() @MaxLength(500) titleEn: string;
  /** Checked against the kind (see the shipped profiles in data/criteria). */
  @ApiProperty({ type: RequirementParamsDto }) @IsObject() params: Record<string, unknown>;
  /** Where the requirement comes from (guideline edition and section). */
  @IsString() @IsNotEmpty() @MaxLength(1000) source: string;
}

class ObligationDto {
  @ApiProperty({ example: 'ENDPOINT_EDR' }) @Matches(/^[A-Z][A-Z0-9_]*$/) @MaxLength(64) id: string;
  @IsString() @IsNotEmpty() @MaxLength(500) title: string;
  @IsString() @IsNotEmpty() @MaxLength(500) titleEn: string;
  @IsString() @IsNotEmpty() @MaxLength(1000) source: string;
  /** Network models under which it applies to a municipality (absent: every model). */
  @ApiPropertyOptional({ enum: NETWORK_MODELS, isArray: true, maxItems: NETWORK_MODELS.length })
  @Optional()
  @IsArray()
  @ArrayMaxSize(NETWORK_MODELS.length)
  requiredUnder?: string[];
  /** Breakout points under which it applies (absent: any). */
  @ApiPropertyOptional({ enum: BREAKOUT_POINTS, isArray: true, maxItems: BREAKOUT_POINTS.length })
  @Optional()
  @IsArray()
  @ArrayMaxSize(BREAKOUT_POINTS.length)
  requiredAtBreakout?: string[];
  /** What meets it for a municipality (checked by the profile parser: exactly one of measure, usageOf). */
  @ApiPropertyOptional({ type: ObligationMetByDto }) @Optional() @IsObject() metBy?: Record<string, unknown>;
}

/** A new edition of a criteria profile (a new key starts a new profile). */
export class CreateProfileDto {
  @ApiProperty({ example: 'tokutei-tsushin' }) @Matches(/^[a-z0-9][a-z0-9-]*$/) @MaxLength(64) key: string;
  @ApiProperty({ example: 'R7.10' }) @IsString() @IsNotEmpty() @MaxLength(50) edition: string;
  @IsString() @IsNotEmpty() @MaxLength(500) title: string;
  @IsString() @IsNotEmpty() @MaxLength(500) titleEn: string;
  @ApiProperty({ format: 'date' }) @IsDateOnly() effectiveFrom: string;
  @ApiProperty({ format: 'date', nullable: true, type: String })
  @ValidateIf((o: CreateProfileDto) => o.effectiveUntil !== null)
  @IsDateOnly()
  effectiveUntil: string | null;
  @ApiProperty({ nullable: true, type: Number, minimum: 0, maximum: MAX_DAYS })
  @ValidateIf((o: CreateProfileDto) => o.maxEvidenceAgeDays !== null)
  @IntIn(0, MAX_DAYS)
  maxEvidenceAgeDays: number | null;
  @IsString() @IsNotEmpty() @MaxLength(1000) source: string;
  @ApiProperty({ type: [RequirementDto], maxItems: 200 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => RequirementDto)
  requirements: RequirementDto[];
  @ApiProperty({ type: [ObligationDto], maxItems: 200 })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ObligationDto)
  obligations: ObligationDto[];
}

export class ProfileResponseDto {
  key: string;
  edition: string;
  title: string;
  titleEn: string;
  @ApiProperty({ format: 'date' }) effectiveFrom: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) effectiveUntil: string | null;
  @ApiProperty({ nullable: true, type: Number }) maxEvidenceAgeDays: number | null;
  source: string;
  @ApiProperty({ type: [RequirementDto] }) requirements: RequirementDto[];
  @ApiProperty({ type: [ObligationDto] }) obligations: ObligationDto[];
}

export class ProfilePageDto {
  @ApiProperty({ type: [ProfileResponseDto] }) items: ProfileResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ListProfilesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'tokutei-tsushin' }) @Optional() @Matches(/^[a-z0-9][a-z0-9-]*$/) @MaxLength(64) key?: string;
}

export class GetProfileQueryDto {
  /** A specific edition; without it, the edition in effect on `asOf`. */
  @ApiPropertyOptional({ example: 'R6.10' }) @Optional() @IsString() @MaxLength(50) edition?: string;
  /** Default: today in Asia/Tokyo. */
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() asOf?: string;
}
