import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, IsUUID, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { Optional } from '@app/shared';
import { EVENT_TYPES } from '../event-types';

/** A repeated query parameter names at most `max` values (a single value passes). */
const AtMostValues = (max: number) =>
  ValidateBy({
    name: 'atMostValues',
    validator: {
      validate: (v: unknown) => !Array.isArray(v) || v.length <= max,
      defaultMessage: () => `$property takes at most ${max} values`,
    },
  });

/** `GET /v1/events?after=&type=&serviceId=&limit=` */
export class ListEventsQueryDto {
  /** Opaque position from a previous page's `nextCursor`; omit to read from the start. */
  @Optional() @IsString() @MaxLength(512) after?: string;

  /** Only these event types (repeat the parameter or separate with commas). */
  @ApiPropertyOptional({ type: [String], enum: EVENT_TYPES, isArray: true, maxItems: EVENT_TYPES.length })
  @Optional()
  @AtMostValues(EVENT_TYPES.length)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  type?: string | string[];

  /** Only events about this service. */
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() serviceId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;
}

class EventSubjectDto {
  @ApiProperty({ example: 'registration' }) type: string;
  @ApiProperty({ example: '3f1c7a52-5d0e-4a7e-9a55-2b1f0c3d4e5f' }) id: string;
}

/** One change, as on the feed and in a webhook body. */
export class EventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: EVENT_TYPES }) type: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  subject: EventSubjectDto;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
}

export class EventPageDto {
  @ApiProperty({ type: [EventDto] }) items: EventDto[];
  /** Where to continue from: always set, so a client can poll with it even when the page is empty. */
  @ApiProperty({ type: String }) nextCursor: string;
}
