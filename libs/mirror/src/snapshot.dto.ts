import { ApiProperty } from '@nestjs/swagger';

export class SnapshotSignatureDto {
  keyid: string;
  /** Base64 Ed25519 signature over the DSSE v1 pre-authentication encoding. */
  sig: string;
}

export class SnapshotEnvelopeDto {
  @ApiProperty({ example: 'application/vnd.lgwan-registry.snapshot+json' }) payloadType: string;
  /** Base64 of the snapshot JSON. */
  payload: string;
  @ApiProperty({ type: [SnapshotSignatureDto] }) signatures: SnapshotSignatureDto[];
}
