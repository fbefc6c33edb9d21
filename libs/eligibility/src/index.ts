export { EligibilityModule } from './eligibility.module';
export { EligibilityService } from './eligibility.service';
export { EligibilityFactsReadModel, type ServiceFactsRow } from './eligibility-facts.read-model';
export { MunicipalityObligations } from './municipality-obligations';
export { type MunicipalityObligationsDto } from './dto/eligibility.dto';
export { RevisionEtagInterceptor, RevisionEtags } from './revision-etag.interceptor';
export { REASON_TEXTS, OBLIGATION_STATUS_TEXTS, type Text } from './reasons';
export { CachedReads, CACHE_META, CACHEABLE_READ } from './cached-reads';
export type { FactsSnapshot } from './eligibility.service';
