import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The bootstrap administrator (`ADMIN_API_KEY`) disabled: its one row (id 1) exists once an
 * administrator disabled it, and from then on every replica refuses that key, whatever its value.
 */
@Entity({ name: 'bootstrap_admin' })
@Check('CHK_bootstrap_admin_single_row', `id = 1`)
export class BootstrapAdminEntity {
  @PrimaryColumn({ type: 'smallint' }) id: number;
  @Column({ name: 'disabled_at', type: 'timestamptz' }) disabledAt: Date;
  /** The credential that disabled it. */
  @Column({ name: 'disabled_by', type: 'uuid' }) disabledBy: string;
}
