import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsNotEmpty, IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import { PageQueryDto, Optional } from '@app/shared';

export class CreateProviderDto {
  /** Name in Japanese, as registered. */
  @ApiProperty({ example: '株式会社サンプルクラウド' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiPropertyOptional({ example: 'Sample Cloud K.K.' })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  nameEn?: string;

  /** 法人番号: 13 digits with a valid check digit. */
  @ApiPropertyOptional({ example: '7000012050002' })
  @Optional()
  @Matches(/^\d{13}$/, { message: 'corporateNumber must be 13 digits' })
  @MaxLength(13)
  corporateNumber?: string;

  @ApiPropertyOptional({ example: 'https://cloud.example.jp/' })
  @Optional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(2000)
  url?: string;
}

export class UpdateProviderDto extends PartialType(CreateProviderDto) {}

export class ListProvidersQueryDto extends PageQueryDto {
  /** Partial match on names (Japanese: full/half width and kana folded). */
  @Optional() @IsString() @MaxLength(200) q?: string;
}

export class ProviderResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  name: string;
  @ApiProperty({ type: String, nullable: true }) nameEn: string | null;
  @ApiProperty({ type: String, nullable: true }) corporateNumber: string | null;
  @ApiProperty({ type: String, nullable: true }) url: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export class ProviderPageDto {
  @ApiProperty({ type: [ProviderResponseDto] }) items: ProviderResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
