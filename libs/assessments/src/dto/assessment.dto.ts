import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsDateOnly, Optional, PageQueryDto, Required } from '@app/shared';

const FINDING_OUTCOMES = ['met', 'not_met', 'not_applicable'] as const;

class EvidenceDto {
  /** Where the evidence can be read (https only). */
  @ApiProperty({ example: 'https://evidence.example.jp/reports/2025-tls.pdf' })
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: true }, { message: 'uri must be an https URL' })
  @MaxLength(2000)
  uri: string;

  /** SHA-256 of the evidence document, 64 lower-case hexadecimal characters. */
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lower-case hexadecimal characters' })
  @MaxLength(64)
  sha256: string;
}

class MeasurementDto {
  /** What was measured, as the requirement's threshold names it (e.g. independentEngines, detectionRatePercent). */
  @ApiProperty({ example: 'detectionRatePercent', maxLength: 64 })
  @Matches(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, { message: 'measure must be a name such as detectionRatePercent' })
  measure: string;
  @ApiProperty({ example: 99.5 }) @IsNumber({ allowNaN: false, allowInfinity: false }) value: number;
  /** The named test corpus the value was measured on. */
  @ApiPropertyOptional({ example: 'registry-fic-corpus-2025' }) @Optional() @IsString() @IsNotEmpty() @MaxLength(200) corpus?: string;
}

class FindingDto {
  @ApiProperty({ example: 'TLS12_PLUS' })
  @Matches(/^[A-Z][A-Z0-9_]*$/, { message: 'requirementId must be a requirement id such as TLS12_PLUS' })
  @MaxLength(64)
  requirementId: string;
  @ApiProperty({ enum: FINDING_OUTCOMES }) @IsIn(FINDING_OUTCOMES) outcome: (typeof FINDING_OUTCOMES)[number];
  @Optional() @IsString() @MaxLength(5000) note?: string;
  /** Why the requirement does not apply: required with , refused otherwise. */
  @Optional() @IsString() @IsNotEmpty() @MaxLength(5000) justification?: string;
  @ApiPropertyOptional({ type: [EvidenceDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto[];
  /** Measured values behind the finding, judged against the requirement's thresholds (profile data). */
  @ApiPropertyOptional({ type: [MeasurementDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MeasurementDto)
  measurements?: MeasurementDto[];
}

class AssessorDto {
  /** Must be the organisation of the auditor's credential. */
  @IsString() @IsNotEmpty() @MaxLength(200) organization: string;
  @Optional() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
}

export class CreateAssessmentDto {
  @ApiProperty({ example: 'tokutei-tsushin' })
  @Matches(/^[a-z0-9][a-z0-9-]*$/, { message: 'profile must be a profile key' })
  @MaxLength(64)
  profile: string;
  /** Default: the edition in effect on performedOn. */
  @ApiPropertyOptional({ example: 'R6.10' }) @Optional() @IsString() @MaxLength(50) edition?: string;
  @Required() @ValidateNested() @Type(() => AssessorDto) assessor: AssessorDto;
  @ApiProperty({ format: 'date' }) @IsDateOnly() performedOn: string;
  @ApiProperty({ format: 'date' }) @IsDateOnly() validUntil: string;
  /** An earlier assessment of the same service and profile that this one replaces from its performedOn. */
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() supersedes?: string;
  @ApiProperty({ type: [FindingDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => FindingDto)
  findings: FindingDto[];
}

export class RevokeAssessmentDto {
  @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
  /** From this day the assessment no longer counts. Default: void from the start (counts for no date). */
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() effectiveOn?: string;
}

class RevocationDto {
  reason: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) effectiveOn: string | null;
  revokedAt: string;
}

class FindingResponseDto {
  requirementId: string;
  @ApiProperty({ enum: FINDING_OUTCOMES }) outcome: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true }) justification: string | null;
  @ApiProperty({ type: [EvidenceDto] }) evidence: EvidenceDto[];
  @ApiProperty({ type: [MeasurementDto] }) measurements: MeasurementDto[];
}

export class AssessmentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ example: { key: 'tokutei-tsushin', edition: 'R6.10' } }) profile: { key: string; edition: string };
  assessor: AssessorDto;
  @ApiProperty({ format: 'date' }) performedOn: string;
  @ApiProperty({ format: 'date' }) validUntil: string;
  @ApiProperty({ enum: ['published', 'superseded', 'revoked'] }) status: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) supersedes: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) supersededBy: string | null;
  @ApiProperty({ type: RevocationDto, nullable: true }) revocation: RevocationDto | null;
  @ApiProperty({ type: [FindingResponseDto] }) findings: FindingResponseDto[];
  createdAt: string;
}

export class AssessmentPageDto {
  @ApiProperty({ type: [AssessmentResponseDto] }) items: AssessmentResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ListAssessmentsQueryDto extends PageQueryDto {}
