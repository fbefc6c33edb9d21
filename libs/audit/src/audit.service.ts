import { Injectable } from '@nestjs/common';
import { type AuditEventFilter, type AuditEventRecord, AuditTrailRepository, ChainVerifier } from '@app/ledger';
import { decodeCursor, invalidCursor, type Page, toPage } from '@app/shared';
import { type AuditVerification, concludeVerification } from './chain-verdict';
import type { AuditEventResponseDto } from './dto/audit.dto';

/** Events read per statement while verifying: bounded memory whatever the length of the chain. */
const VERIFY_PAGE = 10_000;

function toAuditEventResponse(e: AuditEventRecord): AuditEventResponseDto {
  return {
    seq: e.seq,
    occurredAt: e.occurredAt,
    actor: { id: e.actorId, role: e.actorRole },
    action: e.action,
    subject: { type: e.subjectType, id: e.subjectId },
    digest: e.digest,
    prevHash: e.prevHash,
    hash: e.hash,
    before: e.before,
    after: e.after,
  };
}

@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditTrailRepository) {}

  async list(filter: AuditEventFilter, cursor: string | undefined, limit: number): Promise<Page<AuditEventResponseDto>> {
    const [after = 0] = decodeCursor(cursor, ['int']) ?? [];
    if (typeof after !== 'number' || !Number.isSafeInteger(after) || after < 0) {
      throw invalidCursor();
    }
    const rows = await this.repo.listPage(filter, after, limit);
    return toPage(rows, limit, toAuditEventResponse, (r) => [r.seq]);
  }

  /** See verifyAuditTrail. */
  verify(): Promise<AuditVerification> {
    return verifyAuditTrail(this.repo);
  }
}

/**
 * Re-hashes the whole chain from one snapshot, page by page, recomputing every event's digest from
 * its stored before/after, and compares its end with the head the writer recorded. Stops at the
 * first break. Used by GET /v1/audit/verify and, without booting the app, by `audit:verify`.
 */
export function verifyAuditTrail(repo: AuditTrailRepository): Promise<AuditVerification> {
  return repo.snapshot(async (em) => {
    const recorded = await repo.recordedHead(em);
    const verifier = new ChainVerifier();
    for (let after = 0; ;) {
      const rows = await repo.chainPage(em, after, VERIFY_PAGE);
      for (const row of rows) {
        if (!verifier.push(row)) return verifier.result();
      }
      if (rows.length < VERIFY_PAGE) break;
      after = rows[rows.length - 1].seq;
    }
    return concludeVerification(verifier.result(), verifier.head, recorded);
  });
}
