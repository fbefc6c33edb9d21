import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The Ed25519 key that signs audit checkpoints when none is configured: generated once, kept here. */
@Entity({ name: 'signing_keys' })
export class SigningKeyEntity {
  @PrimaryColumn({ name: 'key_id', type: 'text' }) keyId: string;
  @Column({ name: 'private_key_pem', type: 'text' }) privateKeyPem: string;
  @Column({ name: 'public_key_pem', type: 'text' }) publicKeyPem: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
