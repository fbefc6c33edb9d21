import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The allowed service categories: data, seeded by migration, extendable without code. */
@Entity({ name: 'service_categories' })
export class ServiceCategoryEntity {
  @PrimaryColumn({ type: 'text' }) key: string;
  @Column({ type: 'text' }) name: string;
  @Column({ name: 'name_en', type: 'text' }) nameEn: string;
}
