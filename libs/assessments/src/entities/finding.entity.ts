import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { Measurement } from '@app/eligibility-engine';
import { AssessmentEntity } from './assessment.entity';

export interface Evidence {
  uri: string;
  sha256: string;
}

/** The auditor's finding for one requirement; at most one per requirement and assessment. */
@Entity({ name: 'findings' })
@Check('CHK_findings_outcome', `outcome IN ('met', 'not_met', 'not_applicable')`)
export class FindingEntity {
  @PrimaryColumn({ name: 'assessment_id', type: 'uuid' }) assessmentId: string;
  @PrimaryColumn({ name: 'requirement_id', type: 'text' }) requirementId: string;
  @ManyToOne(() => AssessmentEntity, (a) => a.findings, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id', foreignKeyConstraintName: 'FK_findings_assessment' })
  assessment?: Relation<AssessmentEntity>;
  @Column({ type: 'integer' }) position: number;
  @Column({ type: 'text' }) outcome: 'met' | 'not_met' | 'not_applicable';
  @Column({ type: 'text', nullable: true }) note: string | null;
  /** Why the requirement does not apply (required with not_applicable). */
  @Column({ type: 'text', nullable: true }) justification: string | null;
  @Column({ type: 'jsonb', default: () => "'[]'" }) evidence: Evidence[];
  /** Measured values behind the finding (judged against the requirement's thresholds). */
  @Column({ type: 'jsonb', default: () => "'[]'" }) measurements: Measurement[];
}
