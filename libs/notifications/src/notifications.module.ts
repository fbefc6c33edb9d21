import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { WebhookSecretsModule } from './webhook-secrets.module';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [LedgerModule, WebhookSecretsModule],
  controllers: [EventsController, WebhooksController],
  providers: [EventsService, WebhooksRepository, WebhooksService],
  exports: [EventsService],
})
export class NotificationsModule {}
