import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { RequirementKind, RequirementParams } from '@app/eligibility-engine';
import { ProfileEntity } from './profile.entity';

@Entity({ name: 'requirements' })
@Check('CHK_requirements_kind', `kind IN ('scheme', 'category', 'endpoints', 'attestation', 'method')`)
export class RequirementEntity {
  @PrimaryColumn({ name: 'profile_id', type: 'uuid' }) profileId: string;
  @PrimaryColumn({ name: 'requirement_id', type: 'text' }) requirementId: string;
  @ManyToOne(() => ProfileEntity, (p) => p.requirements, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'profile_id', foreignKeyConstraintName: 'FK_requirements_profile' })
  profile?: Relation<ProfileEntity>;
  @Column({ type: 'integer' }) position: number;
  @Column({ type: 'text' }) kind: RequirementKind;
  @Column({ type: 'boolean' }) mandatory: boolean;
  @Column({ type: 'text' }) title: string;
  @Column({ name: 'title_en', type: 'text' }) titleEn: string;
  @Column({ type: 'jsonb' }) params: RequirementParams;
  @Column({ type: 'text' }) source: string;
}
