import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '@app/shared';

export class CreateApiKeyDto {
  /** A human-readable label, e.g. who holds the key. */
  @IsString() @IsNotEmpty() @MaxLength(200) name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  /** Required for `auditor`: the organisation the auditor acts for. */
  @ApiPropertyOptional()
  @ValidateIf((o: CreateApiKeyDto) => o.role === 'auditor' || o.organization !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  organization?: string;

  /** Required for `municipality`: its 6-digit local government code. */
  @ApiPropertyOptional({ example: '011002' })
  @ValidateIf((o: CreateApiKeyDto) => o.role === 'municipality' || o.municipalityCode !== undefined)
  @Matches(/^\d{6}$/, { message: 'municipalityCode must be a 6-digit local government code' })
  @MaxLength(6)
  municipalityCode?: string;
}

export class ApiKeyResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: String, nullable: true }) organization: string | null;
  @ApiProperty({ type: String, nullable: true }) municipalityCode: string | null;
  /** The first characters of the key, to recognise it. */
  keyPrefix: string;
  createdAt: string;
  @ApiProperty({ type: String, nullable: true }) revokedAt: string | null;
}

export class CreatedApiKeyDto extends ApiKeyResponseDto {
  /** The secret. Shown once: only its hash is stored. */
  key: string;
}

export class ApiKeyPageDto {
  @ApiProperty({ type: [ApiKeyResponseDto] }) items: ApiKeyResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
