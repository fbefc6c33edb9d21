import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What a sweep already announced: one row per record, validity end and threshold (days before the
 * end; 0 = expired), so `…expiring` and `…expired` are emitted once however often sweeps run.
 */
@Entity({ name: 'sweep_marks' })
export class SweepMarkEntity {
  @PrimaryColumn({ type: 'text' }) kind: 'registration' | 'assessment';
  @PrimaryColumn({ name: 'subject_id', type: 'uuid' }) subjectId: string;
  @PrimaryColumn({ name: 'valid_until', type: 'date' }) validUntil: string;
  @PrimaryColumn({ type: 'integer' }) threshold: number;
  @Column({ name: 'as_of', type: 'date' }) asOf: string;
}
