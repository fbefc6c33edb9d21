import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row holding the registry's revision (bumped by every write transaction; drives ETags) and
 * the head of the audit hash chain. Writers lock this row, so the chain cannot fork.
 */
@Entity({ name: 'registry_state' })
@Check('CHK_registry_state_singleton', 'id = 1')
export class RegistryStateEntity {
  @PrimaryColumn({ type: 'smallint' }) id: number;
  @Column({ type: 'bigint' }) revision: string;
  @Column({ name: 'audit_size', type: 'bigint' }) auditSize: string;
  @Column({ name: 'audit_head', type: 'char', length: 64 }) auditHead: string;
}
