import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Optional } from './dto-fields';

/** `?cursor=&limit=` for every list. */
export class PageQueryDto {
  /** Opaque cursor from a previous page's `nextCursor`. */
  @Optional() @IsString() @MaxLength(512) cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;
}
