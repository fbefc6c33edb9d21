import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { Obligation } from '@app/eligibility-engine';
import { ProfileEntity } from './profile.entity';

/** A municipality-side condition returned with every positive decision under the profile. */
@Entity({ name: 'obligations' })
export class ObligationEntity {
  @PrimaryColumn({ name: 'profile_id', type: 'uuid' }) profileId: string;
  @PrimaryColumn({ name: 'obligation_id', type: 'text' }) obligationId: string;
  @ManyToOne(() => ProfileEntity, (p) => p.obligations, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'profile_id', foreignKeyConstraintName: 'FK_obligations_profile' })
  profile?: Relation<ProfileEntity>;
  @Column({ type: 'integer' }) position: number;
  @Column({ type: 'text' }) title: string;
  @Column({ name: 'title_en', type: 'text' }) titleEn: string;
  @Column({ type: 'text' }) source: string;
  /** Under which municipality context it applies and what meets it (profile data; `{}` = always, registry cannot tell). */
  @Column({ type: 'jsonb', default: () => "'{}'" }) conditions: Pick<Obligation, 'requiredUnder' | 'requiredAtBreakout' | 'metBy'>;
}
