import { ApiProperty } from '@nestjs/swagger';

export class SigningKeyDto {
  /** First 16 hex characters of SHA-256 over the public key's DER SubjectPublicKeyInfo (the `keyId` of checkpoints, the `keyid` of receipts). */
  @ApiProperty({ example: '3f2a9c0d11b7e845' }) keyId: string;
  @ApiProperty({ enum: ['Ed25519'] }) algorithm: 'Ed25519';
  /** SubjectPublicKeyInfo, PEM. */
  @ApiProperty({ example: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA…\n-----END PUBLIC KEY-----\n' }) publicKey: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  /** When a newer key took over; null for the key that signs now. What a retired key signed still verifies with it. */
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) retiredAt: string | null;
}

export class SigningKeyListDto {
  /** Every key the registry has signed with, oldest first; exactly one has retiredAt null. */
  @ApiProperty({ type: [SigningKeyDto] }) items: SigningKeyDto[];
}
