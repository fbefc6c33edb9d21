import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { CREDENTIAL_STATUSES, type CredentialStatus } from '../credential-status';
import { ROLES, type Role } from '@app/shared';

/** RFC 3339 date-time with an explicit offset, years 0001–9999 (the calendar check is the service's). */
const DATE_TIME = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

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

  /**
   * When the credential stops working: an RFC 3339 date-time with an offset, in the future. From
   * that instant on the key answers 401 `CREDENTIAL_EXPIRED`. Omitted: no expiry.
   */
  @ApiPropertyOptional({ format: 'date-time', maxLength: 40, example: '2027-03-31T23:59:59+09:00' })
  @ValidateIf((o: CreateApiKeyDto) => o.expiresAt !== undefined)
  @Matches(DATE_TIME, { message: 'expiresAt must be a date-time with an offset, e.g. 2027-03-31T23:59:59+09:00' })
  expiresAt?: string;
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
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt: string | null;
  /** `expired` from `expiresAt` on, `revoked` once revoked (either: the key answers 401). */
  @ApiProperty({ enum: CREDENTIAL_STATUSES }) status: CredentialStatus;
}

export class CreatedApiKeyDto extends ApiKeyResponseDto {
  /** The secret. Shown once: only its hash is stored. */
  key: string;
}

export class ApiKeyPageDto {
  @ApiProperty({ type: [ApiKeyResponseDto] }) items: ApiKeyResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export const BOOTSTRAP_STATUSES = ['active', 'disabled', 'not_configured'] as const;

/** The bootstrap administrator credential (`ADMIN_API_KEY`). */
export class BootstrapAdminDto {
  /** Whether this process has an ADMIN_API_KEY. */
  configured: boolean;
  /** `disabled` once an administrator disabled it (for every replica, whatever ADMIN_API_KEY holds). */
  @ApiProperty({ enum: BOOTSTRAP_STATUSES }) status: (typeof BOOTSTRAP_STATUSES)[number];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) disabledAt: string | null;
  /** The credential that disabled it. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) disabledBy: string | null;
}
