import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsDateOnly, PageQueryDto, Optional } from '@app/shared';

export const LOCAL_GOV_KINDS = ['prefecture', 'designated_city', 'city', 'special_ward', 'town', 'village', 'ward'] as const;
export const NETWORK_MODELS = ['alpha', 'alpha_prime', 'beta', 'beta_prime'] as const;
export const BREAKOUT_POINTS = ['own_firewall', 'security_cloud'] as const;

export class ListMunicipalitiesQueryDto extends PageQueryDto {
  /** Prefecture code (6 digits, e.g. 130001) or 2-digit prefecture number (13). */
  @ApiPropertyOptional({ example: '130001' })
  @Optional()
  @Matches(/^(\d{2}|\d{6})$/, { message: 'prefecture must be a 6-digit prefecture code or a 2-digit prefecture number' })
  @MaxLength(6)
  prefecture?: string;

  /** Partial match on the name in kanji or kana (hiragana, katakana, half-width). */
  @Optional() @IsString() @MaxLength(100) q?: string;

  @ApiPropertyOptional({ enum: LOCAL_GOV_KINDS }) @Optional() @IsIn(LOCAL_GOV_KINDS) kind?: (typeof LOCAL_GOV_KINDS)[number];
}

export class UpdateNetworkModelDto {
  /** α (alpha), α' (alpha_prime), β (beta) or β' (beta_prime); null clears it; absent leaves it. */
  @ApiPropertyOptional({ enum: NETWORK_MODELS, nullable: true })
  @IsOptional()
  @IsIn([...NETWORK_MODELS, null])
  networkModel?: (typeof NETWORK_MODELS)[number] | null;

  /** Where 特定通信 breaks out: own_firewall or security_cloud; null clears it; absent leaves it. */
  @ApiPropertyOptional({ enum: BREAKOUT_POINTS, nullable: true })
  @IsOptional()
  @IsIn([...BREAKOUT_POINTS, null])
  breakoutPoint?: (typeof BREAKOUT_POINTS)[number] | null;
}

/** A measure the municipality attests for itself, with the day it took effect. */
export class CreateMeasureDto {
  /** The measure's key as the profiles' obligations name it (e.g. EDR_DEPLOYED, LBO_RISK_ASSESSMENT). */
  @ApiProperty({ example: 'EDR_DEPLOYED', maxLength: 64 })
  @Matches(/^[A-Z][A-Z0-9_]{0,63}$/, { message: 'measure must be a key such as EDR_DEPLOYED' })
  measure: string;
  /** From this day the measure holds (EDR deployed on, risk assessment done on). */
  @ApiProperty({ format: 'date' }) @IsDateOnly() effectiveOn: string;
  /** Last day it holds (e.g. the risk assessment's review date); absent = no known end. */
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() validUntil?: string;
  @ApiPropertyOptional({ example: '全端末に導入済み' }) @Optional() @IsString() @MaxLength(2000) note?: string;
}

export class MeasureResponseDto {
  municipalityCode: string;
  measure: string;
  @ApiProperty({ format: 'date' }) effectiveOn: string;
  @ApiProperty({ format: 'date', type: String, nullable: true }) validUntil: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  createdAt: string;
}

export class MeasureListDto {
  @ApiProperty({ type: [MeasureResponseDto] }) items: MeasureResponseDto[];
}

class MunicipalityRefDto {
  code: string;
  name: string;
}

export class MunicipalityResponseDto {
  @ApiProperty({ example: '011002' }) code: string;
  @ApiProperty({ enum: LOCAL_GOV_KINDS }) kind: string;
  name: string;
  nameKana: string;
  @ApiProperty({ type: String, nullable: true }) nameEn: string | null;
  prefectureCode: string;
  /** A designated-city ward's city. */
  @ApiProperty({ type: String, nullable: true }) parentCode: string | null;
  @ApiProperty({ type: String, nullable: true }) url: string | null;
  @ApiProperty({ enum: NETWORK_MODELS, nullable: true }) networkModel: string | null;
  @ApiProperty({ enum: BREAKOUT_POINTS, nullable: true }) breakoutPoint: string | null;
  /** Wards of a designated city (only on GET /v1/municipalities/{code}). */
  @ApiPropertyOptional({ type: [MunicipalityRefDto] }) wards?: MunicipalityRefDto[];
}

export class MunicipalityPageDto {
  @ApiProperty({ type: [MunicipalityResponseDto] }) items: MunicipalityResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
