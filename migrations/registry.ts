/**
 * The explicit lists of entities and migrations (no globs: they break under ESM Jest and bundlers).
 * Relative imports only, so the TypeORM CLI (ts-node) can load this file.
 */
import { AuditEventEntity } from '../libs/ledger/src/entities/audit-event.entity';
import { OutboxEventEntity } from '../libs/ledger/src/entities/outbox-event.entity';
import { RegistryStateEntity } from '../libs/ledger/src/entities/registry-state.entity';
import { RegistryChangeEntity } from '../libs/ledger/src/entities/registry-change.entity';
import { SigningKeyEntity } from '../libs/audit/src/entities/signing-key.entity';
import { DecisionStateEntity } from '../libs/lifecycle/src/entities/decision-state.entity';
import { ScheduledJobEntity } from '../libs/lifecycle/src/entities/scheduled-job.entity';
import { ServiceUsageEntity } from '../libs/lifecycle/src/entities/service-usage.entity';
import { SweepMarkEntity } from '../libs/lifecycle/src/entities/sweep-mark.entity';
import { WebhookAttemptEntity } from '../libs/notifications/src/entities/webhook-attempt.entity';
import { WebhookDeliveryEntity } from '../libs/notifications/src/entities/webhook-delivery.entity';
import { WebhookSubscriptionEntity } from '../libs/notifications/src/entities/webhook-subscription.entity';
import { WebhookSecretKeyEntity } from '../libs/notifications/src/entities/webhook-secret-key.entity';
import { AssessmentEntity } from '../libs/assessments/src/entities/assessment.entity';
import { FindingEntity } from '../libs/assessments/src/entities/finding.entity';
import { ApiCredentialEntity } from '../libs/credentials/src/entities/api-credential.entity';
import { BootstrapAdminEntity } from '../libs/credentials/src/entities/bootstrap-admin.entity';
import { AccreditationEntity } from '../libs/assessments/src/entities/accreditation.entity';
import { AuditOrganizationEntity } from '../libs/assessments/src/entities/audit-organization.entity';
import { ImportRecordEntity } from '../libs/imports/src/entities/import-record.entity';
import { AddImports1796089000700 } from './1796089000700-AddImports';
import { AddAuditOrganizations1796089000701 } from './1796089000701-AddAuditOrganizations';
import { EndpointEntity } from '../libs/catalog/src/entities/endpoint.entity';
import { ProviderEntity } from '../libs/catalog/src/entities/provider.entity';
import { ServiceCategoryEntity } from '../libs/catalog/src/entities/service-category.entity';
import { ServiceEntity } from '../libs/catalog/src/entities/service.entity';
import { ServiceCategoryChangeEntity } from '../libs/catalog/src/entities/service-category-change.entity';
import { ObligationEntity } from '../libs/criteria/src/entities/obligation.entity';
import { ProfileEntity } from '../libs/criteria/src/entities/profile.entity';
import { RequirementEntity } from '../libs/criteria/src/entities/requirement.entity';
import { MunicipalityEntity } from '../libs/municipalities/src/entities/municipality.entity';
import { MunicipalityMeasureEntity } from '../libs/municipalities/src/entities/municipality-measure.entity';
import { RegistrationStateEntity } from '../libs/schemes/src/entities/registration-state.entity';
import { RegistrationCoverageEntity } from '../libs/schemes/src/entities/registration-coverage.entity';
import { SchemeRegistrationEntity } from '../libs/schemes/src/entities/scheme-registration.entity';
import { SchemeEntity } from '../libs/schemes/src/entities/scheme.entity';
import { SeedVersionEntity } from '../libs/shared/src/database/seed-version.entity';
import { IdempotencyKeyEntity } from '../libs/shared/src/idempotency/idempotency-key.entity';
import { RateLimitCounterEntity } from '../libs/shared/src/rate-limit/rate-limit-counter.entity';
import { CreateRegistryFoundation1795684548756 } from './1795684548756-CreateRegistryFoundation';
import { CreateCriteriaAndAssessments1795685310618 } from './1795685310618-CreateCriteriaAndAssessments';
import { AddLifecycleWebhooksAndSigningKeys1795685548824 } from './1795685548824-AddLifecycleWebhooksAndSigningKeys';
import { AddIdempotencyKeys1796087320520 } from './1796087320520-AddIdempotencyKeys';
import { AddRotationToSigningKeys1796088199829 } from './1796088199829-AddRotationToSigningKeys';
import { DateCatalogFacts1796088294326 } from './1796088294326-DateCatalogFacts';
import { JustifyFindingsAndFreeVoidedSupersedes1796088726119 } from './1796088726119-JustifyFindingsAndFreeVoidedSupersedes';
import { SealWebhookSecrets1796089000100 } from './1796089000100-SealWebhookSecrets';
import { AddExpiryToApiCredentials1796089000101 } from './1796089000101-AddExpiryToApiCredentials';
import { AddBootstrapAdminDisablement1796089000102 } from './1796089000102-AddBootstrapAdminDisablement';
import { AddRateLimitCounters1796089000103 } from './1796089000103-AddRateLimitCounters';
import { AddFileImportControls1796089000500 } from './1796089000500-AddFileImportControls';
import { AddRegistryChanges1796089000600 } from './1796089000600-AddRegistryChanges';
import { AddMunicipalityContext1796089010500 } from './1796089010500-AddMunicipalityContext';
import { AddRegistrationCoverage1796089020000 } from './1796089020000-AddRegistrationCoverage';

export const ENTITIES = [
  RegistryStateEntity,
  RegistryChangeEntity,
  AuditEventEntity,
  OutboxEventEntity,
  SeedVersionEntity,
  ApiCredentialEntity,
  BootstrapAdminEntity,
  MunicipalityEntity,
  ProviderEntity,
  ServiceCategoryEntity,
  ServiceEntity,
  ServiceCategoryChangeEntity,
  EndpointEntity,
  SchemeEntity,
  SchemeRegistrationEntity,
  RegistrationStateEntity,
  RegistrationCoverageEntity,
  ProfileEntity,
  RequirementEntity,
  ObligationEntity,
  AssessmentEntity,
  FindingEntity,
  SigningKeyEntity,
  MunicipalityMeasureEntity,
  ServiceUsageEntity,
  SweepMarkEntity,
  DecisionStateEntity,
  ScheduledJobEntity,
  WebhookSubscriptionEntity,
  WebhookSecretKeyEntity,
  WebhookDeliveryEntity,
  WebhookAttemptEntity,
  IdempotencyKeyEntity,
  RateLimitCounterEntity,
  ImportRecordEntity,
  AuditOrganizationEntity,
  AccreditationEntity,
];

export const MIGRATIONS: (new () => object)[] = [
  CreateRegistryFoundation1795684548756,
  CreateCriteriaAndAssessments1795685310618,
  AddLifecycleWebhooksAndSigningKeys1795685548824,
  AddIdempotencyKeys1796087320520,
  AddRotationToSigningKeys1796088199829,
  DateCatalogFacts1796088294326,
  JustifyFindingsAndFreeVoidedSupersedes1796088726119,
  SealWebhookSecrets1796089000100,
  AddExpiryToApiCredentials1796089000101,
  AddBootstrapAdminDisablement1796089000102,
  AddRateLimitCounters1796089000103,
  AddFileImportControls1796089000500,
  AddRegistryChanges1796089000600,
  AddImports1796089000700,
  AddAuditOrganizations1796089000701,
  AddMunicipalityContext1796089010500,
  AddRegistrationCoverage1796089020000,
];
