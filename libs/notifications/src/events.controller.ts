import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Actor, ApiProblems, MaybeActor, OptionalAuth } from '@app/shared';
import { EventPageDto, ListEventsQueryDto } from './dto/event.dto';
import { EventsService } from './events.service';

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  /**
   * The change feed, in commit order. Poll with the returned `nextCursor` as `after`. Events about
   * a municipality's own records are shown only to that municipality's credential or an administrator.
   */
  @Get()
  @OptionalAuth()
  @ApiProblems(400)
  list(@MaybeActor() actor: Actor | null, @Query() query: ListEventsQueryDto): Promise<EventPageDto> {
    return this.events.feed(actor, query);
  }
}
