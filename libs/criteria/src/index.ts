export { CriteriaModule } from './criteria.module';
export { CriteriaService, profileNotFound } from './criteria.service';
export { ProfileEntity } from './entities/profile.entity';
export { RequirementEntity } from './entities/requirement.entity';
export { ObligationEntity } from './entities/obligation.entity';
