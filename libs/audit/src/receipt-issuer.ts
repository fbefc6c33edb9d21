import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '@app/shared';
import { CheckpointService } from './checkpoint.service';
import { type DsseEnvelope, IN_TOTO_PAYLOAD_TYPE, signDsse } from './crypto';
import { canonicalJson, sha256Hex } from '@app/ledger';
import { buildReceiptStatement, decisionDigest, RECEIPT_ACTION, type ReceiptPredicate, type ReceiptRecord } from './receipt';
import { AuditTrailRepository, RegistryWriter } from '@app/ledger';
import { SigningKeyService } from './signing-key.service';

export interface ReceiptRequest {
  /** The language-neutral decision: GET …/eligibility's body without `message` texts (JSON.stringify gives its bytes). */
  decision: ReceiptPredicate['decision'];
  /** The profile edition the engine decided with (hashed as RFC 8785 canonical JSON). */
  profile: { key: string; edition: string; definition: unknown };
  asOf: string;
  registryRevision: string;
}

/**
 * Issues signed decision receipts: records a receipt.issued audit event (the registry revision
 * stays: nothing in the registry changed), proves its inclusion in a freshly signed checkpoint, and
 * signs the in-toto statement with the active key in a DSSE envelope.
 */
@Injectable()
export class ReceiptIssuer {
  constructor(
    private readonly writer: RegistryWriter,
    private readonly repo: AuditTrailRepository,
    private readonly checkpoints: CheckpointService,
    private readonly keys: SigningKeyService,
  ) {}

  async issue(actor: Actor, request: ReceiptRequest): Promise<DsseEnvelope> {
    const profile = {
      key: request.profile.key,
      edition: request.profile.edition,
      definitionDigest: { sha256: sha256Hex(canonicalJson(request.profile.definition)) },
    };
    const record: ReceiptRecord = {
      receiptId: randomUUID(),
      serviceId: request.decision.serviceId,
      profile,
      asOf: request.asOf,
      decision: request.decision.decision,
      decisionDigest: { sha256: decisionDigest(request.decision) },
      registryRevision: request.registryRevision,
    };
    await this.writer.transaction(
      actor,
      async (tx) => {
        tx.audit({ action: RECEIPT_ACTION, subjectType: 'receipt', subjectId: record.receiptId, before: null, after: record });
        return Promise.resolve();
      },
      { bumpRevision: false },
    );
    const event = await this.repo.latestAbout('receipt', record.receiptId);
    if (!event) throw new Error(`receipt event ${record.receiptId} was not recorded`);
    const { checkpoint, proof } = await this.checkpoints.prove(event.seq);
    const key = await this.keys.key();
    const statement = buildReceiptStatement({
      decision: request.decision,
      profile,
      asOf: request.asOf,
      registryRevision: request.registryRevision,
      issuedAt: event.occurredAt,
      auditEvent: event,
      checkpoint,
      inclusionProof: proof,
    });
    return signDsse(IN_TOTO_PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement), 'utf8'), key.privateKeyPem);
  }
}
