import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';

/** One event to deliver to one subscription; retried with backoff until delivered or out of attempts. */
@Entity({ name: 'webhook_deliveries' })
@Index('UQ_webhook_deliveries_subscription_event', ['subscriptionId', 'eventSeq'], { unique: true })
@Index('IDX_webhook_deliveries_due', ['nextAttemptAt'], { where: `status = 'pending'` })
@Check('CHK_webhook_deliveries_status', `status IN ('pending', 'delivered', 'failed')`)
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'subscription_id', type: 'uuid' }) subscriptionId: string;
  @ManyToOne(() => WebhookSubscriptionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscription_id', foreignKeyConstraintName: 'FK_webhook_deliveries_subscription' })
  subscription?: Relation<WebhookSubscriptionEntity>;
  @Column({ name: 'event_seq', type: 'bigint' }) eventSeq: string;
  @Column({ name: 'event_id', type: 'uuid' }) eventId: string;
  @Column({ name: 'event_type', type: 'text' }) eventType: string;
  @Column({ type: 'text', default: 'pending' }) status: 'pending' | 'delivered' | 'failed';
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ name: 'next_attempt_at', type: 'timestamptz' }) nextAttemptAt: Date;
  /** While set in the future, a worker holds the delivery; after a crash it simply expires. */
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true }) leaseUntil: Date | null;
  @Column({ name: 'last_status_code', type: 'integer', nullable: true }) lastStatusCode: number | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
