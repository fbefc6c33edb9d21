export { EligibilityModule } from './eligibility.module';
export { EligibilityService } from './eligibility.service';
export { EligibilityFactsReadModel, type ServiceFactsRow } from './eligibility-facts.read-model';
export { CachedReads, CACHE_META, CACHEABLE_READ, answerLanguage } from './cached-reads';
export type { FactsSnapshot } from './eligibility.service';
