import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { EventsController } from './events.controller';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [AuditModule],
  controllers: [EventsController, WebhooksController],
  providers: [EventsRepository, EventsService, WebhooksRepository, WebhooksService],
  exports: [EventsService],
})
export class NotificationsModule {}
