import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { ObligationEntity } from './obligation.entity';
import { RequirementEntity } from './requirement.entity';

/** One edition of a criteria profile. Immutable once stored: decisions made under it never change. */
@Entity({ name: 'profiles' })
@Index('UQ_profiles_key_edition', ['key', 'edition'], { unique: true })
export class ProfileEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) key: string;
  @Column({ type: 'text' }) edition: string;
  @Column({ type: 'text' }) title: string;
  @Column({ name: 'title_en', type: 'text' }) titleEn: string;
  @Column({ name: 'effective_from', type: 'date' }) effectiveFrom: string;
  @Column({ name: 'effective_until', type: 'date', nullable: true }) effectiveUntil: string | null;
  @Column({ name: 'max_evidence_age_days', type: 'integer', nullable: true }) maxEvidenceAgeDays: number | null;
  @Column({ type: 'text' }) source: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @OneToMany(() => RequirementEntity, (r) => r.profile) requirements?: Relation<RequirementEntity>[];
  @OneToMany(() => ObligationEntity, (o) => o.profile) obligations?: Relation<ObligationEntity>[];
}
