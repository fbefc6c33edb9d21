import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsDateOnly, Optional } from '@app/shared';

export class CreateAuditOrganizationDto {
  /** As assessments and auditor credentials name it. */
  @ApiProperty({ example: 'ISMAP監査機関A' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @Optional() @IsString() @IsNotEmpty() @MaxLength(300) nameEn?: string;
}

export class CreateAccreditationDto {
  /** First day of the accreditation. */
  @ApiProperty({ format: 'date' }) @IsDateOnly() from: string;
  /** Last day (inclusive); absent = open-ended. */
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() until?: string;
  @Optional() @IsString() @MaxLength(1000) note?: string;
}

export class AccreditationDto {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) until: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  recordedAt: string;
}

export class AuditOrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  name: string;
  @ApiProperty({ type: String, nullable: true }) nameEn: string | null;
  @ApiProperty({ type: [AccreditationDto] }) accreditations: AccreditationDto[];
  createdAt: string;
}

export class AuditOrganizationListDto {
  @ApiProperty({ type: [AuditOrganizationDto] }) items: AuditOrganizationDto[];
}
