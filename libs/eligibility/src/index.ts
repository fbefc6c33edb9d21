export { EligibilityModule } from './eligibility.module';
export { EligibilityService } from './eligibility.service';
export type { ServiceFactsRow } from './eligibility.repository';
