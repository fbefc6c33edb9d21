import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Actor, ApiProblems, CurrentActor, ParseIdPipe, Roles } from '@app/shared';
import {
  CreateWebhookDto,
  ListDeliveriesQueryDto,
  ListWebhooksQueryDto,
  WebhookDeliveryPageDto,
  WebhookPageDto,
  WebhookResponseDto,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller('v1/webhooks')
@Roles('admin', 'municipality')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /**
   * Subscribes a URL to event types (`["*"]` for all). Deliveries are JSON POSTs signed with
   * `X-Registry-Signature: sha256=<HMAC-SHA256 of the body with the secret>`; the target must be public.
   */
  @Post()
  @ApiProblems(400)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWebhookDto): Promise<WebhookResponseDto> {
    return this.webhooks.create(actor, dto);
  }

  /** The caller's subscriptions (an administrator's: all), newest first. */
  @Get()
  @ApiProblems(400)
  list(@CurrentActor() actor: Actor, @Query() query: ListWebhooksQueryDto): Promise<WebhookPageDto> {
    return this.webhooks.list(actor, query.cursor, query.limit);
  }

  /** One subscription (the caller's own, or any for an administrator). */
  @Get(':id')
  @ApiProblems(400, 404)
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<WebhookResponseDto> {
    return this.webhooks.get(actor, id);
  }

  /** Stops deliveries; the history stays readable by administrators through the audit trail. */
  @Delete(':id')
  @HttpCode(204)
  @ApiProblems(400, 404)
  remove(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<void> {
    return this.webhooks.remove(actor, id);
  }

  /** Deliveries to this subscription, newest event first, each with its attempts. */
  @Get(':id/deliveries')
  @ApiProblems(400, 404)
  deliveries(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Query() query: ListDeliveriesQueryDto,
  ): Promise<WebhookDeliveryPageDto> {
    return this.webhooks.deliveries(actor, id, query.cursor, query.limit);
  }
}
