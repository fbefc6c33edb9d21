import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';

/** An API credential. The secret is never stored: only its SHA-256 (secrets are 256-bit random). */
@Entity({ name: 'api_credentials' })
@Index('UQ_api_credentials_key_hash', ['keyHash'], { unique: true })
@Check('CHK_api_credentials_role', `role IN ('admin', 'auditor', 'municipality')`)
@Check(
  'CHK_api_credentials_scope',
  `(role <> 'auditor' OR organization IS NOT NULL) AND (role <> 'municipality' OR municipality_code IS NOT NULL)`,
)
export class ApiCredentialEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) role: 'admin' | 'auditor' | 'municipality';
  @Column({ type: 'text', nullable: true }) organization: string | null;
  @Column({ name: 'municipality_code', type: 'char', length: 6, nullable: true }) municipalityCode: string | null;
  @ManyToOne('MunicipalityEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'municipality_code', foreignKeyConstraintName: 'FK_api_credentials_municipality' })
  municipality?: Relation<object>;
  @Column({ name: 'key_prefix', type: 'text' }) keyPrefix: string;
  @Column({ name: 'key_hash', type: 'char', length: 64 }) keyHash: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  /** The first instant the credential no longer works (null: no expiry). */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt: Date | null;
}
