import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type LocalGovKind = 'prefecture' | 'designated_city' | 'city' | 'special_ward' | 'town' | 'village' | 'ward';
export type NetworkModel = 'alpha' | 'alpha_prime' | 'beta' | 'beta_prime';
export type BreakoutPoint = 'own_firewall' | 'security_cloud';

/** A prefecture, municipality or designated-city ward, keyed by its 6-digit local government code. */
@Entity({ name: 'municipalities' })
@Index('IDX_municipalities_prefecture', ['prefectureCode', 'code'])
@Index('IDX_municipalities_parent', ['parentCode'])
@Check('CHK_municipalities_code', `code ~ '^[0-9]{6}$'`)
@Check('CHK_municipalities_kind', `kind IN ('prefecture', 'designated_city', 'city', 'special_ward', 'town', 'village', 'ward')`)
@Check('CHK_municipalities_network_model', `network_model IN ('alpha', 'alpha_prime', 'beta', 'beta_prime')`)
@Check('CHK_municipalities_breakout_point', `breakout_point IN ('own_firewall', 'security_cloud')`)
export class MunicipalityEntity {
  @PrimaryColumn({ type: 'char', length: 6 }) code: string;
  @Column({ type: 'text' }) kind: LocalGovKind;
  @Column({ type: 'text' }) name: string;
  @Column({ name: 'name_kana', type: 'text' }) nameKana: string;
  @Column({ name: 'name_en', type: 'text', nullable: true }) nameEn: string | null;
  @Column({ name: 'prefecture_code', type: 'char', length: 6 }) prefectureCode: string;
  /** A designated-city ward's city. */
  @Column({ name: 'parent_code', type: 'char', length: 6, nullable: true }) parentCode: string | null;
  @Column({ type: 'text', nullable: true }) url: string | null;
  @Column({ name: 'search_text', type: 'text' }) searchText: string;
  @Column({ name: 'network_model', type: 'text', nullable: true }) networkModel: NetworkModel | null;
  /** Where 特定通信 breaks out: the municipality's own firewall or the prefecture's security cloud. */
  @Column({ name: 'breakout_point', type: 'text', nullable: true }) breakoutPoint: BreakoutPoint | null;
  @Column({ type: 'integer', default: 1 }) version: number;
}
