import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ValidityRule } from '@app/eligibility-engine';

/** An assurance scheme (ISMAP, ISMAP-LIU, LGWAN-ASP, …) and its validity rule, as data. */
@Entity({ name: 'schemes' })
export class SchemeEntity {
  @PrimaryColumn({ type: 'text' }) key: string;
  @Column({ type: 'text' }) name: string;
  @Column({ name: 'name_en', type: 'text' }) nameEn: string;
  @Column({ name: 'validity_rule', type: 'jsonb' }) validityRule: ValidityRule;
  /** A hint for the registration number's shape (never enforced). */
  @Column({ name: 'number_pattern', type: 'text', nullable: true }) numberPattern: string | null;
  @Column({ type: 'text' }) source: string;
}
