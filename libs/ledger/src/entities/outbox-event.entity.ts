import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Domain events, written in the same transaction as the change they describe. `seq` is assigned
 * while the registry_state row is locked, so it follows commit order: a safe feed cursor.
 */
@Entity({ name: 'outbox_events' })
@Index('UQ_outbox_events_id', ['id'], { unique: true })
@Index('IDX_outbox_events_type_seq', ['type', 'seq'])
@Index('IDX_outbox_events_service_seq', ['serviceId', 'seq'])
@Index('IDX_outbox_events_undispatched', ['seq'], { where: 'dispatched = false' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq: string;
  @Column({ type: 'uuid' }) id: string;
  @Column({ type: 'text' }) type: string;
  @Column({ name: 'occurred_at', type: 'timestamptz', precision: 3 }) occurredAt: Date;
  @Column({ name: 'subject_type', type: 'text' }) subjectType: string;
  @Column({ name: 'subject_id', type: 'text' }) subjectId: string;
  @Column({ name: 'service_id', type: 'uuid', nullable: true }) serviceId: string | null;
  @Column({ name: 'municipality_code', type: 'char', length: 6, nullable: true }) municipalityCode: string | null;
  @Column({ type: 'jsonb' }) data: Record<string, unknown>;
  @Column({ name: 'dispatched', type: 'boolean', default: false }) dispatched: boolean;
}
