import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which version (digest) of each shipped data set has been loaded. */
@Entity({ name: 'seed_versions' })
export class SeedVersionEntity {
  @PrimaryColumn({ type: 'text' }) name: string;
  @Column({ type: 'char', length: 64 }) digest: string;
  @Column({ name: 'applied_at', type: 'timestamptz', default: () => 'now()' }) appliedAt: Date;
}
