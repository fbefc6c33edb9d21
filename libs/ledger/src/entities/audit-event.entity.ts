import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Append-only, hash-chained record of every write. Never updated or deleted by the application. */
@Entity({ name: 'audit_events' })
@Index('IDX_audit_events_subject', ['subjectType', 'subjectId'])
export class AuditEventEntity {
  @PrimaryColumn({ type: 'bigint' }) seq: string;
  @Column({ name: 'occurred_at', type: 'timestamptz', precision: 3 }) occurredAt: Date;
  @Column({ name: 'actor_id', type: 'uuid' }) actorId: string;
  @Column({ name: 'actor_role', type: 'text' }) actorRole: string;
  @Column({ type: 'text' }) action: string;
  @Column({ name: 'subject_type', type: 'text' }) subjectType: string;
  @Column({ name: 'subject_id', type: 'text' }) subjectId: string;
  @Column({ type: 'jsonb', nullable: true }) before: unknown;
  @Column({ type: 'jsonb', nullable: true }) after: unknown;
  @Column({ type: 'char', length: 64 }) digest: string;
  @Column({ name: 'prev_hash', type: 'char', length: 64 }) prevHash: string;
  @Column({ type: 'char', length: 64 }) hash: string;
}
