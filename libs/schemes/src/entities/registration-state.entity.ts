import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { RegistrationStatus } from '@app/eligibility-engine';
import { SchemeRegistrationEntity } from './scheme-registration.entity';

/** One entry of a registration's history: the full state in force from `effectiveOn`. Append-only. */
@Entity({ name: 'registration_states' })
@Index('IDX_registration_states_registration', ['registrationId', 'effectiveOn', 'seq'])
@Check('CHK_registration_states_status', `status IN ('registered', 'renewal_pending', 'expired', 'revoked', 'withdrawn', 'suspended')`)
export class RegistrationStateEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq: string;
  @Column({ name: 'registration_id', type: 'uuid' }) registrationId: string;
  @ManyToOne(() => SchemeRegistrationEntity, (r) => r.states, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'registration_id', foreignKeyConstraintName: 'FK_registration_states_registration' })
  registration?: Relation<SchemeRegistrationEntity>;
  @Column({ type: 'text' }) status: RegistrationStatus;
  @Column({ name: 'effective_on', type: 'date' }) effectiveOn: string;
  @Column({ name: 'audit_period_end', type: 'date', nullable: true }) auditPeriodEnd: string | null;
  @Column({ name: 'valid_until', type: 'date', nullable: true }) validUntil: string | null;
  @Column({ name: 'renewal_filed_on', type: 'date', nullable: true }) renewalFiledOn: string | null;
  @Column({ name: 'last_confirmed_on', type: 'date', nullable: true }) lastConfirmedOn: string | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}
