import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An applied import: who, when, which file (its SHA-256), in which layout, and what it changed. */
@Entity({ name: 'imports' })
@Index('IDX_imports_recorded_at', ['recordedAt', 'id'])
@Check('CHK_imports_file_digest', `file_digest ~ '^[0-9a-f]{64}$'`)
export class ImportRecordEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_imports' }) id: string;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
  @Column({ name: 'actor_id', type: 'uuid' }) actorId: string;
  @Column({ name: 'actor_role', type: 'text' }) actorRole: string;
  @Column({ name: 'file_name', type: 'text', nullable: true }) fileName: string | null;
  @Column({ name: 'file_digest', type: 'text' }) fileDigest: string;
  @Column({ name: 'file_size', type: 'integer' }) fileSize: number;
  @Column({ type: 'text' }) format: string;
  @Column({ type: 'text' }) layout: string;
  @Column({ name: 'layout_version', type: 'integer' }) layoutVersion: number;
  @Column({ name: 'full_list', type: 'boolean' }) fullList: boolean;
  /** The day changed states take effect. */
  @Column({ name: 'effective_on', type: 'date' }) effectiveOn: string;
  /** The day registrations missing from the full list were ended, if the admin asked. */
  @Column({ name: 'end_missing_on', type: 'date', nullable: true }) endMissingOn: string | null;
  @Column({ type: 'jsonb' }) counts: ImportCounts;
}

export interface ImportCounts {
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  error: number;
  missing: number;
  ended: number;
}
