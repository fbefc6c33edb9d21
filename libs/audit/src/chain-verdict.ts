import type { ChainBreakReason, ChainVerification, RecordedHead } from '@app/ledger';

/**
 * Why the audit trail failed verification. The first four come from the chain itself
 * (see ChainVerifier; DIGEST_MISMATCH: `before`/`after` no longer hash to the recorded digest); the others compare the chain with the head recorded in registry_state:
 * - TRUNCATED: fewer events than registry_state.audit_size (the tail was deleted);
 * - BEYOND_HEAD: events after audit_size (appended outside the writer, or a fork);
 * - HEAD_MISMATCH: the last event's hash is not registry_state.audit_head (rewritten chain or state).
 */
export type AuditBreakReason = ChainBreakReason | 'TRUNCATED' | 'BEYOND_HEAD' | 'HEAD_MISMATCH';

export const AUDIT_BREAK_REASONS: readonly AuditBreakReason[] = [
  'SEQ_GAP',
  'PREV_HASH_MISMATCH',
  'HASH_MISMATCH',
  'DIGEST_MISMATCH',
  'TRUNCATED',
  'BEYOND_HEAD',
  'HEAD_MISMATCH',
];

export interface AuditVerification {
  ok: boolean;
  /** Events that verified before the first break (all of them when ok). */
  verified: number;
  firstBreak: null | { seq: number; reason: AuditBreakReason };
}

/**
 * Completes a chain verification (all events pushed, in seq order) with the recorded head:
 * a chain that verifies on its own but is shorter, longer or ends elsewhere is broken too.
 * `chainHead` is the hash of the last verified event (ChainVerifier.head).
 */
export function concludeVerification(chain: ChainVerification, chainHead: string, recorded: RecordedHead): AuditVerification {
  if (!chain.ok) return chain;
  const broken = (seq: number, reason: AuditBreakReason): AuditVerification => ({
    ok: false,
    verified: Math.max(0, seq - 1),
    firstBreak: { seq, reason },
  });
  if (chain.verified < recorded.size) return broken(chain.verified + 1, 'TRUNCATED');
  if (chain.verified > recorded.size) return broken(recorded.size + 1, 'BEYOND_HEAD');
  if (chainHead !== recorded.head) return broken(recorded.size, 'HEAD_MISMATCH');
  return { ok: true, verified: chain.verified, firstBreak: null };
}
