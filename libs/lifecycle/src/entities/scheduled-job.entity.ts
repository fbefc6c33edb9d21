import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A recurring job; a worker claims it with FOR UPDATE SKIP LOCKED when due, so N workers run it once. */
@Entity({ name: 'scheduled_jobs' })
export class ScheduledJobEntity {
  @PrimaryColumn({ type: 'text' }) name: string;
  @Column({ name: 'next_run_at', type: 'timestamptz' }) nextRunAt: Date;
  @Column({ name: 'last_run_at', type: 'timestamptz', nullable: true }) lastRunAt: Date | null;
  @Column({ name: 'last_result', type: 'jsonb', nullable: true }) lastResult: Record<string, unknown> | null;
}
