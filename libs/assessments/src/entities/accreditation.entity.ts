import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { AuditOrganizationEntity } from './audit-organization.entity';

/** A period (inclusive; open-ended when `until` is null) in which an audit organisation is accredited. Append-only. */
@Entity({ name: 'accreditations' })
@Index('IDX_accreditations_organization', ['organizationId', 'accreditedFrom'])
@Check('CHK_accreditations_period', 'accredited_until IS NULL OR accredited_until >= accredited_from')
export class AccreditationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_accreditations' }) id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @ManyToOne(() => AuditOrganizationEntity, (o) => o.accreditations, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_accreditations_organization' })
  organization?: Relation<AuditOrganizationEntity>;
  @Column({ name: 'accredited_from', type: 'date' }) accreditedFrom: string;
  @Column({ name: 'accredited_until', type: 'date', nullable: true }) accreditedUntil: string | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}
