import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last decision a sweep saw per service and profile, to emit `eligibility.changed` on change. */
@Entity({ name: 'decision_states' })
export class DecisionStateEntity {
  @PrimaryColumn({ name: 'service_id', type: 'uuid' }) serviceId: string;
  @PrimaryColumn({ name: 'profile_key', type: 'text' }) profileKey: string;
  @Column({ type: 'text' }) edition: string;
  @Column({ type: 'text' }) decision: string;
  @Column({ name: 'valid_until', type: 'date', nullable: true }) validUntil: string | null;
  /** Within the expiring window on the sweep date. */
  @Column({ type: 'boolean' }) expiring: boolean;
  @Column({ name: 'as_of', type: 'date' }) asOf: string;
}
