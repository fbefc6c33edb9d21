import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ReceiptEnvelopeDto } from '@app/audit';
import { todayInTokyo } from '@app/eligibility-engine';
import { type Actor, ApiProblems, CurrentActor, ParseIdPipe, RequestNow, Roles, ROLES } from '@app/shared';
import { DecisionQueryDto } from './dto/eligibility.dto';
import { ReceiptService } from './receipt.service';

/** Not under the revision ETags of EligibilityController: every receipt is a new, audited answer. */
@ApiTags('eligibility')
@Controller('v1')
export class ReceiptController {
  constructor(private readonly receipts: ReceiptService) {}

  /**
   * The decision for the same query as GET /v1/services/{id}/eligibility, signed: a DSSE envelope
   * (Ed25519, key in GET /v1/keys) around an in-toto Statement whose subject is the sha256 of the
   * language-neutral decision bytes (without its `message` texts, which are presentation), with the
   * receipt's own audit event and its inclusion proof in a signed audit checkpoint. Issuing one is
   * recorded in the audit trail (`receipt.issued`, with the caller as actor), so any credential is needed. Verify offline with `npm run cli -- receipt:verify`.
   */
  @Get('services/:id/eligibility/receipt')
  @Roles(...ROLES)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: ReceiptEnvelopeDto, description: 'A DSSE envelope (payloadType application/vnd.in-toto+json), never cached' })
  @ApiProblems(400, 404)
  decisionReceipt(
    @Param('id', ParseIdPipe) id: string,
    @Query() q: DecisionQueryDto,
    @CurrentActor() actor: Actor,
    @RequestNow() now: Date,
  ): Promise<ReceiptEnvelopeDto> {
    return this.receipts.issue(actor, id, q.profile, q.edition, q.asOf ?? todayInTokyo(now));
  }
}
