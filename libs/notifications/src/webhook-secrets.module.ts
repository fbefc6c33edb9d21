import { Module } from '@nestjs/common';
import { LedgerModule } from '@app/ledger';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookSecretsRepository } from './webhook-secrets.repository';

/** The webhook secret keys: one instance per process, shared by the API's subscriptions and the delivery worker. */
@Module({
  imports: [LedgerModule],
  providers: [WebhookSecretsRepository, WebhookSecrets],
  exports: [WebhookSecrets],
})
export class WebhookSecretsModule {}
