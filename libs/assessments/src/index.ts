export { AssessmentsModule } from './assessments.module';
export { AssessmentsService } from './assessments.service';
export { AssessmentEntity } from './entities/assessment.entity';
export { FindingEntity } from './entities/finding.entity';
