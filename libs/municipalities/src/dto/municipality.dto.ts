import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto, Optional } from '@app/shared';

export const LOCAL_GOV_KINDS = ['prefecture', 'designated_city', 'city', 'special_ward', 'town', 'village', 'ward'] as const;
export const NETWORK_MODELS = ['alpha', 'alpha_prime', 'beta', 'beta_prime'] as const;

export class ListMunicipalitiesQueryDto extends PageQueryDto {
  /** Prefecture code (6 digits, e.g. 130001) or 2-digit prefecture number (13). */
  @ApiPropertyOptional({ example: '130001' })
  @Optional()
  @Matches(/^(\d{2}|\d{6})$/, { message: 'prefecture must be a 6-digit prefecture code or a 2-digit prefecture number' })
  prefecture?: string;

  /** Partial match on the name in kanji or kana (hiragana, katakana, half-width). */
  @Optional() @IsString() @MaxLength(100) q?: string;

  @ApiPropertyOptional({ enum: LOCAL_GOV_KINDS }) @Optional() @IsIn(LOCAL_GOV_KINDS) kind?: (typeof LOCAL_GOV_KINDS)[number];
}

export class UpdateNetworkModelDto {
  /** α (alpha), α' (alpha_prime), β (beta) or β' (beta_prime); null clears it. */
  @ApiProperty({ enum: NETWORK_MODELS, nullable: true })
  @IsIn([...NETWORK_MODELS, null])
  networkModel: (typeof NETWORK_MODELS)[number] | null;
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
  /** Wards of a designated city (only on GET /v1/municipalities/{code}). */
  @ApiPropertyOptional({ type: [MunicipalityRefDto] }) wards?: MunicipalityRefDto[];
}

export class MunicipalityPageDto {
  @ApiProperty({ type: [MunicipalityResponseDto] }) items: MunicipalityResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
