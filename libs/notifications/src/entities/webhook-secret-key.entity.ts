import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A webhook secret key generated because WEBHOOK_SECRET_KEY was not configured (development, the
 * embedded `npm start`). Kept so secrets sealed with it still open after a key is configured; a
 * configured key is never stored.
 */
@Entity({ name: 'webhook_secret_keys' })
export class WebhookSecretKeyEntity {
  @PrimaryColumn({ name: 'key_id', type: 'text' }) keyId: string;
  @Column({ name: 'key_material', type: 'bytea' }) keyMaterial: Buffer;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
