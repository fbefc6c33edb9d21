import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { DeliveriesRepository } from './deliveries.repository';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { WebhookWorker } from './webhook-worker';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [LedgerModule],
  controllers: [EventsController, WebhooksController],
  providers: [EventsService, WebhooksRepository, WebhooksService, DeliveriesRepository, WebhookWorker],
  exports: [EventsService, WebhookWorker],
})
export class NotificationsModule {}
