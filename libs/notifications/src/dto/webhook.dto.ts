import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '@app/shared';
import { ALL_EVENTS, EVENT_TYPES } from '../event-types';

const MIN_SECRET_LENGTH = 16;

export class CreateWebhookDto {
  /** Where events are POSTed: an absolute http(s) URL without credentials, on a public address. */
  @ApiProperty({ example: 'https://hooks.example.lg.jp/registry' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  url: string;

  /** Event types to receive, or `["*"]` for every type. */
  @ApiProperty({
    type: [String],
    example: ['registration.status_changed', 'assessment.revoked'],
    enum: [ALL_EVENTS, ...EVENT_TYPES],
    isArray: true,
    maxItems: EVENT_TYPES.length + 1,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_TYPES.length + 1)
  @IsString({ each: true })
  events: string[];

  /** Shared secret for `X-Registry-Signature` (HMAC-SHA256); never returned. */
  @ApiProperty({ minLength: MIN_SECRET_LENGTH, maxLength: 256, writeOnly: true })
  @IsString()
  @MinLength(MIN_SECRET_LENGTH, { message: `secret must be at least ${MIN_SECRET_LENGTH} characters` })
  @MaxLength(256)
  secret: string;
}

export class WebhookResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  url: string;
  @ApiProperty({ type: [String], enum: [ALL_EVENTS, ...EVENT_TYPES], isArray: true }) events: string[];
  @ApiProperty({ enum: ['admin', 'municipality'] }) ownerRole: string;
  /** The municipality whose subscription this is (null for an administrator's). */
  @ApiProperty({ type: String, nullable: true, example: '011002' }) municipalityCode: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class WebhookPageDto {
  @ApiProperty({ type: [WebhookResponseDto] }) items: WebhookResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ListWebhooksQueryDto extends PageQueryDto {}

export class WebhookAttemptDto {
  /** 1 for the first attempt. */
  attempt: number;
  @ApiProperty({ format: 'date-time' }) attemptedAt: string;
  /** The receiver's HTTP status, or null when no answer came (see `error`). */
  @ApiProperty({ type: Number, nullable: true }) statusCode: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'timeout after 5000 ms' }) error: string | null;
  durationMs: number;
}

export class WebhookDeliveryDto {
  /** Also sent as `X-Registry-Delivery`, the same on every retry. */
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ enum: EVENT_TYPES }) eventType: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status: string;
  attemptCount: number;
  /** When the next attempt is due (pending deliveries only). */
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: [WebhookAttemptDto] }) attempts: WebhookAttemptDto[];
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) items: WebhookDeliveryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ListDeliveriesQueryDto extends PageQueryDto {}
