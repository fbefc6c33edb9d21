import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What one revision changed, written by the writer in the same statement that bumps the revision:
 * the services its audit entries name, the subject types it touched, and the subject types of
 * entries that name no service. Readers holding state of an older revision use it to refresh only
 * what changed (a gap in the revisions, e.g. a mirror load, means: refresh everything).
 */
@Entity({ name: 'registry_changes' })
export class RegistryChangeEntity {
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_registry_changes' }) revision: string;
  @Column({ name: 'service_ids', type: 'uuid', array: true }) serviceIds: string[];
  @Column({ name: 'subject_types', type: 'text', array: true }) subjectTypes: string[];
  @Column({ name: 'unscoped_types', type: 'text', array: true }) unscopedTypes: string[];
}
