import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { AccreditationEntity } from './accreditation.entity';

/**
 * An audit organisation (like ISMAP's list of audit bodies). Assessments and auditor credentials name
 * it by `name`; an assessment counts only when its organisation was accredited on its performedOn.
 */
@Entity({ name: 'audit_organizations' })
@Index('UQ_audit_organizations_name', ['name'], { unique: true })
export class AuditOrganizationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_audit_organizations' }) id: string;
  @Column({ type: 'text' }) name: string;
  @Column({ name: 'name_en', type: 'text', nullable: true }) nameEn: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @OneToMany(() => AccreditationEntity, (a) => a.organization)
  accreditations?: Relation<AccreditationEntity>[];
}
