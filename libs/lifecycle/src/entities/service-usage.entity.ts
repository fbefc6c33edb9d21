import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';

/** A municipality uses a service under a profile (drives lapse alerts). */
@Entity({ name: 'service_usages' })
@Index('UQ_service_usages_municipality_service_profile', ['municipalityCode', 'serviceId', 'profileKey'], { unique: true })
@Index('IDX_service_usages_service', ['serviceId', 'profileKey'])
export class ServiceUsageEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'municipality_code', type: 'char', length: 6 }) municipalityCode: string;
  @ManyToOne('MunicipalityEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'municipality_code', foreignKeyConstraintName: 'FK_service_usages_municipality' })
  municipality?: Relation<object>;
  @Column({ name: 'service_id', type: 'uuid' }) serviceId: string;
  @ManyToOne('ServiceEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'service_id', foreignKeyConstraintName: 'FK_service_usages_service' })
  service?: Relation<object>;
  @Column({ name: 'profile_key', type: 'text' }) profileKey: string;
  @Column({ type: 'text', nullable: true }) purpose: string | null;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
