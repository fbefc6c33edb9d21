import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { ProviderEntity } from './provider.entity';
import { ServiceCategoryEntity } from './service-category.entity';

export type ServiceModel = 'SaaS' | 'PaaS' | 'IaaS';

@Entity({ name: 'services' })
@Index('IDX_services_provider_id', ['providerId'])
@Index('IDX_services_category', ['category'])
@Check('CHK_services_service_model', `service_model IN ('SaaS', 'PaaS', 'IaaS')`)
export class ServiceEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'provider_id', type: 'uuid' }) providerId: string;
  @ManyToOne(() => ProviderEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'FK_services_provider' })
  provider?: Relation<ProviderEntity>;
  @Column({ type: 'text' }) name: string;
  @Column({ name: 'name_en', type: 'text', nullable: true }) nameEn: string | null;
  /** The category the service has from the start; later changes are dated rows of service_category_changes. */
  @Column({ type: 'text' }) category: string;
  @ManyToOne(() => ServiceCategoryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category', foreignKeyConstraintName: 'FK_services_category' })
  categoryRef?: Relation<ServiceCategoryEntity>;
  @Column({ name: 'service_model', type: 'text', nullable: true }) serviceModel: ServiceModel | null;
  @Column({ type: 'text', nullable: true }) description: string | null;
  /** First day the service is retired (decisions from then on: SERVICE_RETIRED); null = not retired. */
  @Column({ name: 'retired_on', type: 'date', nullable: true }) retiredOn: string | null;
  @Column({ name: 'search_text', type: 'text' }) searchText: string;
  /** File-import methods declared from the start (later changes: service_category_changes); null = none. */
  @Column({ name: 'file_import_methods', type: 'text', array: true, nullable: true }) fileImportMethods: string[] | null;
  @Column({ type: 'integer', default: 1 }) version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
