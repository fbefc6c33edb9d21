import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsDateOnly, Optional } from '@app/shared';

export const ENDPOINT_KINDS = ['fqdn', 'cidr'] as const;

export class CreateEndpointDto {
  @ApiProperty({ enum: ENDPOINT_KINDS }) @IsIn(ENDPOINT_KINDS) kind: (typeof ENDPOINT_KINDS)[number];

  /** An FQDN (a leading `*.` allowed) or an IPv4/IPv6 CIDR. */
  @ApiProperty({ example: 'meet.example.jp' }) @IsString() @MaxLength(300) value: string;

  @ApiPropertyOptional({ type: [Number], example: [443] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(65535, { each: true })
  ports?: number[];

  @Optional() @IsString() @MaxLength(500) purpose?: string;

  /** First day the service declares this destination (default: today in Asia/Tokyo). */
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() effectiveOn?: string;
}

export class EndEndpointQueryDto {
  /** First day the destination is no longer declared (default: today in Asia/Tokyo). */
  @ApiPropertyOptional({ format: 'date' }) @Optional() @IsDateOnly() effectiveOn?: string;
}

export class EndpointResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ enum: ENDPOINT_KINDS }) kind: string;
  value: string;
  @ApiProperty({ type: [Number] }) ports: number[];
  @ApiProperty({ type: String, nullable: true }) purpose: string | null;
  /** First day the service declares it. */
  @ApiProperty({ format: 'date' }) effectiveOn: string;
  /** First day it no longer does; null = in force. */
  @ApiProperty({ type: String, format: 'date', nullable: true }) endedOn: string | null;
  createdAt: string;
}

export class EndpointPageDto {
  @ApiProperty({ type: [EndpointResponseDto] }) items: EndpointResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
