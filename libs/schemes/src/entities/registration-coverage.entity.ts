import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { SchemeRegistrationEntity } from './scheme-registration.entity';

/**
 * A service (of the registration's provider) that a registration covers besides the one it is
 * recorded for: its scope (対象範囲). Dated as a destination is: covered from `effectiveOn`
 * (inclusive) until the day before `endedOn` (exclusive; null = not ended). Ending keeps the row.
 */
@Entity({ name: 'registration_coverage' })
@Index('IDX_registration_coverage_registration', ['registrationId', 'serviceId', 'effectiveOn'])
@Index('IDX_registration_coverage_service', ['serviceId'])
@Index('UQ_registration_coverage_open', ['registrationId', 'serviceId'], { unique: true, where: 'ended_on IS NULL' })
@Check('CHK_registration_coverage_period', 'ended_on IS NULL OR ended_on >= effective_on')
export class RegistrationCoverageEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_registration_coverage' }) id: string;
  @Column({ name: 'registration_id', type: 'uuid' }) registrationId: string;
  @ManyToOne(() => SchemeRegistrationEntity, (r) => r.coverage, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registration_id', foreignKeyConstraintName: 'FK_registration_coverage_registration' })
  registration?: Relation<SchemeRegistrationEntity>;
  @Column({ name: 'service_id', type: 'uuid' }) serviceId: string;
  /** By entity name: the schemes library does not import the catalog's entities. */
  @ManyToOne('ServiceEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id', foreignKeyConstraintName: 'FK_registration_coverage_service' })
  service?: Relation<object>;
  /** First day the service is covered. */
  @Column({ name: 'effective_on', type: 'date' }) effectiveOn: string;
  /** First day it no longer is; null = covered. */
  @Column({ name: 'ended_on', type: 'date', nullable: true }) endedOn: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
