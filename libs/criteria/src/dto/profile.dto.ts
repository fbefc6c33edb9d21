import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
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

const REQUIREMENT_KINDS = ['scheme', 'category', 'endpoints', 'attestation'] as const;

class RequirementParamsDto {
  /** scheme: any of these schemes satisfies the requirement. */
  @ApiPropertyOptional({ type: [String], example: ['ISMAP', 'ISMAP_LIU'] }) schemes?: string[];
  /** category: the service categories allowed. */
  @ApiPropertyOptional({ type: [String] }) allowedCategories?: string[];
  @ApiPropertyOptional({ enum: ['allowlist', 'no_shared_cdn'] }) check?: string;
  @ApiPropertyOptional({ example: 16 }) maxIpv4Prefix?: number;
  @ApiPropertyOptional({ example: 32 }) maxIpv6Prefix?: number;
  @ApiPropertyOptional({ type: [String] }) sharedCdnDomains?: string[];
}

class RequirementDto {
  @ApiProperty({ example: 'TLS12_PLUS' }) @Matches(/^[A-Z][A-Z0-9_]*$/) id: string;
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
  @ApiProperty({ example: 'ENDPOINT_EDR' }) @Matches(/^[A-Z][A-Z0-9_]*$/) id: string;
  @IsString() @IsNotEmpty() @MaxLength(500) title: string;
  @IsString() @IsNotEmpty() @MaxLength(500) titleEn: string;
  @IsString() @IsNotEmpty() @MaxLength(1000) source: string;
}

/** A new edition of a criteria profile (a new key starts a new profile). */
export class CreateProfileDto {
  @ApiProperty({ example: 'tokutei-tsushin' }) @Matches(/^[a-z0-9][a-z0-9-]*$/) key: string;
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
  @ApiProperty({ type: [RequirementDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => RequirementDto)
  requirements: RequirementDto[];
  @ApiProperty({ type: [ObligationDto] })
  @IsArray()
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
  @ApiPropertyOptional({ example: 'tokutei-tsushin' }) @Optional() @Matches(/^[a-z0-9][a-z0-9-]*$/) key?: string;
}

export class GetProfileQueryDto {
  /** A specific edition; without it, the edition in effect on `asOf`. */
  @ApiPropertyOptional({ example: 'R6.10' }) @Optional() @IsString() @MaxLength(50) edition?: string;
  /** Default: today in Asia/Tokyo. */
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() asOf?: string;
}
