import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type EventRow, outboxEventBySeq, OutboxRepository } from '@app/ledger';
import { servicesUsedBySql } from '@app/lifecycle';
import type { StoredSecret } from './webhook-secrets.repository';

/** A delivery a worker holds the lease on, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  /** The number of this attempt (1 for the first). */
  attempt: number;
  url: string;
  /** The subscription's secret as stored (opened by the worker to sign). */
  secret: StoredSecret;
  event: EventRow;
}

interface AttemptRecord {
  deliveryId: string;
  attempt: number;
  attemptedAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export type DeliveryOutcome = { status: 'delivered'; at: Date } | { status: 'failed' } | { status: 'pending'; retryInMs: number };

/**
 * The worker's bookkeeping: fan-out of the outbox into deliveries, leases, attempts. Plain
 * statements, not RegistryWriter: delivery state is not registry data and must not bump the
 * revision. Times compared in SQL (leases, due times) use the database clock, so any number of
 * workers on any hosts agree on them.
 */
@Injectable()
export class DeliveriesRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxRepository,
  ) {}

  /**
   * Claims up to `limit` undispatched events in commit order (skipping rows another worker holds),
   * creates one delivery per matching active subscription and marks the events dispatched: one
   * statement, so one transaction. Answers how many events it dispatched.
   *
   * An administrator's subscription matches every event of its types; a municipality's, events of
   * its own municipality and events without a municipality about a service it uses.
   */
  fanOut(limit: number): Promise<number> {
    return this.outbox.dispatch(
      limit,
      `INSERT INTO webhook_deliveries (subscription_id, event_seq, event_id, event_type, next_attempt_at)
       SELECT s.id, b.seq, b.id, b.type, now()
       FROM batch b
       JOIN webhook_subscriptions s ON s.active AND (s.events @> ARRAY['*'] OR b.type = ANY(s.events))
       WHERE s.owner_role = 'admin'
          OR b.municipality_code = s.municipality_code
          OR (b.municipality_code IS NULL AND b.service_id IN (${servicesUsedBySql('s.municipality_code')}))
       ON CONFLICT (subscription_id, event_seq) DO NOTHING
       RETURNING 1`,
    );
  }

  /**
   * Leases up to `limit` due deliveries (pending, due, lease absent or expired) and counts the
   * attempt. A worker that dies mid-send only delays the delivery until its lease expires.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const rows = await this.db.query<
      (Omit<ClaimedDelivery, 'event' | 'secret'> & EventRow & { deliveryId: string; subscriptionId: string } & Omit<StoredSecret, 'id'>)[]
    >(
      `WITH claimed AS (
         UPDATE webhook_deliveries d
         SET lease_until = now() + make_interval(secs => $2::double precision / 1000), attempts = d.attempts + 1
         WHERE d.id IN (
           SELECT q.id FROM webhook_deliveries q
           WHERE q.status = 'pending' AND q.next_attempt_at <= now() AND (q.lease_until IS NULL OR q.lease_until < now())
           ORDER BY q.next_attempt_at
           LIMIT $1
           FOR UPDATE SKIP LOCKED)
         RETURNING d.id, d.attempts, d.subscription_id, d.event_seq, d.event_type
       )
       SELECT c.id AS "deliveryId", c.attempts AS attempt, s.url, s.id AS "subscriptionId", s.secret AS "clearSecret",
              s.secret_sealed AS "secretSealed", ev.*
       FROM claimed c
       JOIN webhook_subscriptions s ON s.id = c.subscription_id
       CROSS JOIN LATERAL ${outboxEventBySeq('c.event_seq')} ev`,
      [limit, leaseMs],
    );
    return rows.map(({ deliveryId, attempt, url, subscriptionId, clearSecret, secretSealed, ...event }) => ({
      id: deliveryId,
      attempt,
      url,
      secret: { id: subscriptionId, clearSecret, secretSealed },
      event,
    }));
  }

  /**
   * Records an attempt and moves the delivery on, in one statement. The delivery is only updated
   * while this attempt still holds it (its attempt count unchanged), so a worker whose lease ran
   * out cannot overwrite a newer attempt's outcome; the attempt itself is always kept.
   */
  async record(attempt: AttemptRecord, outcome: DeliveryOutcome): Promise<void> {
    await this.db.query(
      `WITH logged AS (
         INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, error, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6)
       )
       UPDATE webhook_deliveries
       SET status = $7::text,
           lease_until = NULL,
           last_status_code = $4,
           last_error = $5,
           delivered_at = $8::timestamptz,
           next_attempt_at = CASE WHEN $7::text = 'pending' THEN now() + make_interval(secs => $9::double precision / 1000) ELSE next_attempt_at END
       WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
      [
        attempt.deliveryId,
        attempt.attempt,
        attempt.attemptedAt,
        attempt.statusCode,
        attempt.error,
        attempt.durationMs,
        outcome.status,
        outcome.status === 'delivered' ? outcome.at : null,
        outcome.status === 'pending' ? outcome.retryInMs : 0,
      ],
    );
  }
}
