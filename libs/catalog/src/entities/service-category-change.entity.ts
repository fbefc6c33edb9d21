import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { ServiceCategoryEntity } from './service-category.entity';
import { ServiceEntity } from './service.entity';

/** A service's category from `effective_on` on (until the next change); history is never rewritten. */
@Entity({ name: 'service_category_changes' })
export class ServiceCategoryChangeEntity {
  @PrimaryColumn({ name: 'service_id', type: 'uuid' }) serviceId: string;
  @PrimaryColumn({ name: 'effective_on', type: 'date' }) effectiveOn: string;
  @ManyToOne(() => ServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id', foreignKeyConstraintName: 'FK_service_category_changes_service' })
  service?: Relation<ServiceEntity>;
  @Column({ type: 'text' }) category: string;
  /** File-import methods declared in this period; null = none. */
  @Column({ name: 'file_import_methods', type: 'text', array: true, nullable: true }) fileImportMethods: string[] | null;
  @ManyToOne(() => ServiceCategoryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category', foreignKeyConstraintName: 'FK_service_category_changes_category' })
  categoryRef?: Relation<ServiceCategoryEntity>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
