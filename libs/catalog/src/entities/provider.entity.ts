import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'providers' })
@Index('UQ_providers_corporate_number', ['corporateNumber'], { unique: true, where: 'corporate_number IS NOT NULL' })
export class ProviderEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) name: string;
  @Column({ name: 'name_en', type: 'text', nullable: true }) nameEn: string | null;
  @Column({ name: 'corporate_number', type: 'char', length: 13, nullable: true }) corporateNumber: string | null;
  @Column({ type: 'text', nullable: true }) url: string | null;
  /** NFKC, lower-cased, katakana folded to hiragana: what `q` searches. */
  @Column({ name: 'search_text', type: 'text' }) searchText: string;
  @Column({ type: 'integer', default: 1 }) version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
