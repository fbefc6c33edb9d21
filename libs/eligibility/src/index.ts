export { EligibilityModule } from './eligibility.module';
export { EligibilityService } from './eligibility.service';
export { EligibilityFactsReadModel, type ServiceFactsRow } from './eligibility-facts.read-model';
export { shareEqualParts } from './shared-parts';
export { MunicipalityObligations } from './municipality-obligations';
export { type MunicipalityObligationsDto } from './dto/eligibility.dto';
export { RevisionEtagInterceptor } from './revision-etag.interceptor';
export { CachedReads, CACHE_META } from './cached-reads';
