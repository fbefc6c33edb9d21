import { ApiProperty } from '@nestjs/swagger';

export class DsseSignatureDto {
  /** The signing key's keyId (GET /v1/keys); a hint, not trusted by itself. */
  @ApiProperty({ example: '3f2a9c0d11b7e845' }) keyid: string;
  /** Base64 Ed25519 signature over the DSSE v1 PAE of payloadType and the decoded payload. */
  sig: string;
}

/** A DSSE envelope around an in-toto Statement v1 (see the README, "Verifying a decision receipt"). */
export class ReceiptEnvelopeDto {
  @ApiProperty({ enum: ['application/vnd.in-toto+json'] }) payloadType: string;
  /**
   * Base64 of the Statement: `_type` https://in-toto.io/Statement/v1; `subject` [{ name: "decision", digest: { sha256 } }],
   * the sha256 of the language-neutral decision (the bytes GET /v1/services/{id}/eligibility serves for the same query
   * without its `message` texts, re-serialized with JSON.stringify); `predicateType`
   * urn:lgwan-assurance-registry:eligibility-receipt:v1; `predicate` { decision, profile { key, edition, definitionDigest },
   * asOf, registryRevision, issuedAt, auditEvent, checkpoint, inclusionProof }.
   */
  @ApiProperty({ format: 'byte' }) payload: string;
  @ApiProperty({ type: [DsseSignatureDto] }) signatures: DsseSignatureDto[];
}
