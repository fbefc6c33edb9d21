import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { WebhookSecretsModule } from './webhook-secrets.module';
import { DeliveriesRepository } from './deliveries.repository';
import { WebhookWorker } from './webhook-worker';

/**
 * Webhook delivery from the outbox: a worker module, imported by apps/worker and by the API when
 * it runs the worker in-process (RUN_WORKER_IN_PROCESS). Delivery starts when the process boots.
 */
@Module({
  imports: [LedgerModule, WebhookSecretsModule],
  providers: [DeliveriesRepository, WebhookWorker],
  exports: [WebhookWorker],
})
export class WebhookDeliveryModule {}
