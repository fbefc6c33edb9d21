export { AssessmentsModule } from './assessments.module';
export { AssessmentsService } from './assessments.service';
export { AssessmentEntity } from './entities/assessment.entity';
export { FindingEntity } from './entities/finding.entity';
export { AuditOrganizationsService } from './audit-organizations.service';
export { AuditOrganizationEntity } from './entities/audit-organization.entity';
export { AccreditationEntity } from './entities/accreditation.entity';
