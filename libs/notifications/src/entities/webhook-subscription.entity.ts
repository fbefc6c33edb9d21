import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A webhook: events of the given types POSTed to `url`, signed with `secret` (HMAC-SHA256). */
@Entity({ name: 'webhook_subscriptions' })
@Index('IDX_webhook_subscriptions_owner', ['ownerCredentialId'])
export class WebhookSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) url: string;
  /** Event types, or ['*'] for all. */
  @Column({ type: 'text', array: true }) events: string[];
  /** Needed in clear to sign deliveries; never returned by the API. */
  @Column({ type: 'text' }) secret: string;
  @Column({ name: 'owner_credential_id', type: 'uuid' }) ownerCredentialId: string;
  @Column({ name: 'owner_role', type: 'text' }) ownerRole: 'admin' | 'municipality';
  /** Set for a municipality's subscription: it receives events about services it uses and its own records. */
  @Column({ name: 'municipality_code', type: 'char', length: 6, nullable: true }) municipalityCode: string | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt: Date | null;
}
