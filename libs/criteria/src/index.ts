export { CriteriaModule } from './criteria.module';
export { CriteriaService } from './criteria.service';
export { isNoEditionInEffect } from './criteria.errors';
export { ProfileEntity } from './entities/profile.entity';
export { RequirementEntity } from './entities/requirement.entity';
export { ObligationEntity } from './entities/obligation.entity';
