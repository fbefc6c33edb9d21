import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { ServiceEntity } from './service.entity';

/** A network destination of a service: an FQDN (a leading `*.` allowed) or a CIDR. */
@Entity({ name: 'endpoints' })
@Index('UQ_endpoints_service_kind_value', ['serviceId', 'kind', 'value'], { unique: true, where: 'ended_on IS NULL' })
@Check('CHK_endpoints_period', 'ended_on IS NULL OR ended_on >= effective_on')
@Check('CHK_endpoints_kind', `kind IN ('fqdn', 'cidr')`)
export class EndpointEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'service_id', type: 'uuid' }) serviceId: string;
  @ManyToOne(() => ServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id', foreignKeyConstraintName: 'FK_endpoints_service' })
  service?: Relation<ServiceEntity>;
  @Column({ type: 'text' }) kind: 'fqdn' | 'cidr';
  @Column({ type: 'text' }) value: string;
  @Column({ type: 'integer', array: true, default: () => "'{}'" }) ports: number[];
  @Column({ type: 'text', nullable: true }) purpose: string | null;
  /** First day the service declares this destination. */
  @Column({ name: 'effective_on', type: 'date' }) effectiveOn: string;
  /** First day it no longer does (removing a destination ends it; the row is kept); null = in force. */
  @Column({ name: 'ended_on', type: 'date', nullable: true }) endedOn: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
