import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A webhook: events of the given types POSTed to `url`, signed with its secret (HMAC-SHA256). */
@Entity({ name: 'webhook_subscriptions' })
@Check('CHK_webhook_subscriptions_one_secret', `(secret IS NULL) <> (secret_sealed IS NULL)`)
@Index('IDX_webhook_subscriptions_owner', ['ownerCredentialId'])
export class WebhookSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) url: string;
  /** Event types, or ['*'] for all. */
  @Column({ type: 'text', array: true }) events: string[];
  /**
   * A secret still in clear (rows from before sealing, until the next boot reseals them); null
   * once sealed. Never returned by the API.
   */
  @Column({ name: 'secret', type: 'text', nullable: true }) clearSecret: string | null;
  /** The secret sealed with AES-256-GCM (`secret-envelope.ts`); opened only to sign deliveries. */
  @Column({ name: 'secret_sealed', type: 'text', nullable: true }) secretSealed: string | null;
  @Column({ name: 'owner_credential_id', type: 'uuid' }) ownerCredentialId: string;
  @Column({ name: 'owner_role', type: 'text' }) ownerRole: 'admin' | 'municipality';
  /** Set for a municipality's subscription: it receives events about services it uses and its own records. */
  @Column({ name: 'municipality_code', type: 'char', length: 6, nullable: true }) municipalityCode: string | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt: Date | null;
}
