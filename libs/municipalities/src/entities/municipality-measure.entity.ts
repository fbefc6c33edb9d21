import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { MunicipalityEntity } from './municipality.entity';

/**
 * A measure the municipality attests for itself, dated (EDR deployed from D, LBO risk assessment done
 * on D …): it counts from `effective_on` through `valid_until` (null = no known end). Private to the
 * municipality and administrators. A second record of the same measure on the same day replaces it.
 */
@Entity({ name: 'municipality_measures' })
@Check('CHK_municipality_measures_period', `valid_until IS NULL OR valid_until >= effective_on`)
export class MunicipalityMeasureEntity {
  @PrimaryColumn({ name: 'municipality_code', type: 'char', length: 6 }) municipalityCode: string;
  @PrimaryColumn({ type: 'text' }) measure: string;
  @PrimaryColumn({ name: 'effective_on', type: 'date' }) effectiveOn: string;
  @ManyToOne(() => MunicipalityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'municipality_code', foreignKeyConstraintName: 'FK_municipality_measures_municipality' })
  municipality?: Relation<MunicipalityEntity>;
  @Column({ name: 'valid_until', type: 'date', nullable: true }) validUntil: string | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ name: 'recorded_by', type: 'uuid' }) recordedBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
