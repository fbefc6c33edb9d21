import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsDateOnly, PageQueryDto, Optional } from '@app/shared';

export class CreateUsageDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() serviceId: string;
  /** The criteria profile the municipality relies on, e.g. tokutei-tsushin or lgwan-asp. */
  @ApiProperty({ example: 'tokutei-tsushin' })
  @Matches(/^[a-z0-9][a-z0-9-]*$/, { message: 'profile must be a profile key' })
  @MaxLength(64)
  profile: string;
  @ApiPropertyOptional({ example: '庁内ウェブ会議' }) @Optional() @IsString() @MaxLength(500) purpose?: string;
}

export class UsageDecisionDto {
  @ApiProperty({ enum: ['eligible', 'ineligible', 'indeterminate'] }) decision: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) validUntil: string | null;
  @ApiProperty({ format: 'date' }) asOf: string;
  edition: string;
}

export class UsageResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  municipalityCode: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  profile: string;
  @ApiProperty({ type: String, nullable: true }) purpose: string | null;
  createdAt: string;
  /** The decision today (Asia/Tokyo); null when no edition of the profile is in effect. */
  @ApiProperty({ type: UsageDecisionDto, nullable: true }) current: UsageDecisionDto | null;
}

export class UsagePageDto {
  @ApiProperty({ type: [UsageResponseDto] }) items: UsageResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ListUsagesQueryDto extends PageQueryDto {}

export class RunSweepDto {
  /** The date to sweep for. Default: today in Asia/Tokyo. */
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() asOf?: string;
}

export class SweepResultDto {
  @ApiProperty({ format: 'date' }) asOf: string;
  /** Events written, by type. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) emitted: Record<string, number>;
  /** Decisions recomputed (services × profiles in effect). */
  decisions: number;
  durationMs: number;
}
