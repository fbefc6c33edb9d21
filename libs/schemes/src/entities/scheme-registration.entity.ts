import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { RegistrationCoverageEntity } from './registration-coverage.entity';
import { RegistrationStateEntity } from './registration-state.entity';
import { SchemeEntity } from './scheme.entity';

/**
 * A service's registration in a scheme. Its status and period live in {@link RegistrationStateEntity}
 * rows, each effective from a date, so a decision as of an earlier date sees the state then in force.
 */
@Entity({ name: 'scheme_registrations' })
@Index('IDX_scheme_registrations_service_id', ['serviceId'])
@Index('UQ_scheme_registrations_scheme_number', ['scheme', 'registrationNumber'], { unique: true })
export class SchemeRegistrationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'service_id', type: 'uuid' }) serviceId: string;
  /** By entity name: the schemes library does not import the catalog's entities. */
  @ManyToOne('ServiceEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id', foreignKeyConstraintName: 'FK_scheme_registrations_service' })
  service?: Relation<object>;
  @Column({ type: 'text' }) scheme: string;
  @ManyToOne(() => SchemeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'scheme', foreignKeyConstraintName: 'FK_scheme_registrations_scheme' })
  schemeRef?: Relation<SchemeEntity>;
  @Column({ name: 'registration_number', type: 'text' }) registrationNumber: string;
  @Column({ name: 'registered_on', type: 'date' }) registeredOn: string;
  @Column({ type: 'text', default: 'manual' }) source: string;
  /** The scope (対象範囲) as the official list publishes it, for display; the links are {@link RegistrationCoverageEntity}. */
  @Column({ type: 'text', nullable: true }) scope: string | null;
  @Column({ type: 'integer', default: 1 }) version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @OneToMany(() => RegistrationStateEntity, (s) => s.registration)
  states?: Relation<RegistrationStateEntity>[];
  @OneToMany(() => RegistrationCoverageEntity, (c) => c.registration)
  coverage?: Relation<RegistrationCoverageEntity>[];
}
