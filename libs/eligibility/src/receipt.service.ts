import { Injectable } from '@nestjs/common';
import { ReceiptEnvelopeDto, ReceiptIssuer } from '@app/audit';
import { RevisionService } from '@app/ledger';
import { CriteriaService } from '@app/criteria';
import type { Actor } from '@app/shared';
import { EligibilityService } from './eligibility.service';

/** Signed receipts for single decisions (the signing and the audit event are the audit library's). */
@Injectable()
export class ReceiptService {
  constructor(
    private readonly eligibility: EligibilityService,
    private readonly criteria: CriteriaService,
    private readonly revisions: RevisionService,
    private readonly issuer: ReceiptIssuer,
  ) {}

  /**
   * The decision GET /v1/services/{id}/eligibility answers for the same query, signed. The revision is
   * read before the decision, which is computed from facts at that revision or later (a write landing
   * in between is the only way they differ; the receipt then names the older revision).
   */
  async issue(actor: Actor, serviceId: string, profileKey: string, edition: string | undefined, asOf: string): Promise<ReceiptEnvelopeDto> {
    const registryRevision = await this.revisions.get();
    const decision = await this.eligibility.decision(serviceId, profileKey, edition, asOf);
    const profile = await this.criteria.edition(profileKey, decision.profile.edition, asOf);
    return this.issuer.issue(actor, {
      decision,
      profile: { key: profile.key, edition: profile.edition, definition: profile },
      asOf,
      registryRevision,
    });
  }
}
