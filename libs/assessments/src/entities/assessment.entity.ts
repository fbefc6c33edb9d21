import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { FindingEntity } from './finding.entity';

/**
 * An auditor's assessment of a service against one profile edition. Published on creation and
 * immutable afterwards: a correction supersedes it, a withdrawal revokes it (both recorded here).
 */
@Entity({ name: 'assessments' })
@Index('IDX_assessments_service', ['serviceId', 'performedOn'])
@Index('UQ_assessments_supersedes', ['supersedes'], {
  unique: true,
  // a void successor (revoked from its start) supersedes nothing: the predecessor may be superseded again
  where: "supersedes IS NOT NULL AND NOT (status = 'revoked' AND revoked_effective_on IS NULL)",
})
@Index('IDX_assessments_valid_until', ['validUntil'])
@Check('CHK_assessments_status', `status IN ('published', 'revoked')`)
@Check('CHK_assessments_validity', 'valid_until >= performed_on')
export class AssessmentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'service_id', type: 'uuid' }) serviceId: string;
  @ManyToOne('ServiceEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'service_id', foreignKeyConstraintName: 'FK_assessments_service' })
  service?: Relation<object>;
  @Column({ name: 'profile_id', type: 'uuid' }) profileId: string;
  @ManyToOne('ProfileEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'profile_id', foreignKeyConstraintName: 'FK_assessments_profile' })
  profile?: Relation<object>;
  @Column({ name: 'profile_key', type: 'text' }) profileKey: string;
  @Column({ type: 'text' }) edition: string;
  @Column({ name: 'assessor_organization', type: 'text' }) assessorOrganization: string;
  @Column({ name: 'assessor_name', type: 'text', nullable: true }) assessorName: string | null;
  @Column({ name: 'performed_on', type: 'date' }) performedOn: string;
  @Column({ name: 'valid_until', type: 'date' }) validUntil: string;
  @Column({ type: 'uuid', nullable: true }) supersedes: string | null;
  @ManyToOne(() => AssessmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'supersedes', foreignKeyConstraintName: 'FK_assessments_supersedes' })
  predecessor?: Relation<AssessmentEntity>;
  @Column({ type: 'text', default: 'published' }) status: 'published' | 'revoked';
  @Column({ name: 'revoked_reason', type: 'text', nullable: true }) revokedReason: string | null;
  @Column({ name: 'revoked_effective_on', type: 'date', nullable: true }) revokedEffectiveOn: string | null;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @Column({ name: 'revoked_by', type: 'uuid', nullable: true }) revokedBy: string | null;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @OneToMany(() => FindingEntity, (f) => f.assessment) findings?: Relation<FindingEntity>[];
}
