import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One client's hit count in the current window of one limit, shared by every replica. The table is
 * UNLOGGED (see its migration): counters are worth a crash-safe write to nobody, and a crash only
 * forgets the current windows.
 */
@Entity({ name: 'rate_limit_counters' })
export class RateLimitCounterEntity {
  /** The limit's prefix and the client key, e.g. `write:203.0.113.7`. */
  @PrimaryColumn({ type: 'text' }) key: string;
  @Column({ type: 'integer' }) hits: number;
  /** When the window ends and the count starts again from zero. */
  @Column({ name: 'reset_at', type: 'timestamptz' }) resetAt: Date;
}
