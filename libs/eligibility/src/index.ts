export { EligibilityModule } from './eligibility.module';
export { EligibilityService } from './eligibility.service';
export { EligibilityFactsReadModel, type ServiceFactsRow } from './eligibility-facts.read-model';
