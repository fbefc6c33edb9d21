import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WriteTx } from '@app/ledger';
import { WebhookSubscriptionEntity } from './entities/webhook-subscription.entity';

const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', ${ISO_MS})`;

/** One subscription (alias `s`) as the API shows it: never the secret. */
export interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  ownerRole: 'admin' | 'municipality';
  municipalityCode: string | null;
  createdAt: string;
}

const WEBHOOK_COLUMNS = `s.id, s.url, s.events, s.owner_role AS "ownerRole", s.municipality_code AS "municipalityCode",
  ${iso('s.created_at')} AS "createdAt"`;

/** One delivery (alias `d`) with its attempts, oldest first, as [attempt, attemptedAt, statusCode, error, durationMs]. */
export interface DeliveryRow {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attemptCount: number;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  attempts: [number, string, number | null, string | null, number][];
  seq: string;
}

/** The attempts aggregate keeps a page of deliveries one statement. */
const DELIVERY_COLUMNS = `d.id, d.event_id AS "eventId", d.event_type AS "eventType", d.status, d.attempts AS "attemptCount",
  CASE WHEN d.status = 'pending' THEN ${iso('d.next_attempt_at')} END AS "nextAttemptAt",
  ${iso('d.delivered_at')} AS "deliveredAt", ${iso('d.created_at')} AS "createdAt",
  COALESCE((
    SELECT json_agg(json_build_array(a.attempt, ${iso('a.attempted_at')}, a.status_code, a.error, a.duration_ms) ORDER BY a.attempt, a.id)
    FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]'::json) AS attempts`;

/**
 * Whose subscriptions a caller sees: an administrator every one (`null`), a municipality those of
 * its own municipality, whichever of its credentials created them.
 */
export type WebhookScope = { municipalityCode: string } | null;

function scopeClause(scope: WebhookScope, params: unknown[]): string {
  if (scope === null) return '';
  params.push(scope.municipalityCode);
  return `AND s.owner_role = 'municipality' AND s.municipality_code = $${params.length}::char(6)`;
}

/** Subscriptions and their delivery history. */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(id: string, scope: WebhookScope, tx?: WriteTx): Promise<WebhookRow | null> {
    const params: unknown[] = [id];
    const rows = await (tx?.em ?? this.db.manager).query<WebhookRow[]>(
      `SELECT ${WEBHOOK_COLUMNS} FROM webhook_subscriptions s WHERE s.id = $1 AND s.active ${scopeClause(scope, params)}`,
      params,
    );
    return rows[0] ?? null;
  }

  /** Active subscriptions in scope, newest first (created_at, id), in one statement. */
  list(scope: WebhookScope, after: [string, string] | null, limit: number): Promise<(WebhookRow & { k: [string, string] })[]> {
    const params: unknown[] = [limit + 1];
    let keyset = '';
    if (after) {
      params.push(...after);
      keyset = `AND (s.created_at, s.id) < ($2::timestamptz, $3::uuid)`;
    }
    const scoped = scopeClause(scope, params);
    return this.db.query(
      `SELECT ${WEBHOOK_COLUMNS}, json_build_array(to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), s.id) AS k
       FROM webhook_subscriptions s
       WHERE s.active ${keyset} ${scoped}
       ORDER BY s.created_at DESC, s.id DESC
       LIMIT $1`,
      params,
    );
  }

  /** The active subscription in scope, locked for the rest of the transaction. */
  async lockActive(tx: WriteTx, id: string, scope: WebhookScope): Promise<WebhookSubscriptionEntity | null> {
    const row = await tx.em
      .getRepository(WebhookSubscriptionEntity)
      .findOne({ where: { id, active: true }, lock: { mode: 'pessimistic_write' } });
    if (!row) return null;
    if (scope !== null && (row.ownerRole !== 'municipality' || row.municipalityCode !== scope.municipalityCode)) return null;
    return row;
  }

  /** A new, active subscription. */
  insert(
    tx: WriteTx,
    values: Pick<
      WebhookSubscriptionEntity,
      'id' | 'url' | 'events' | 'secretSealed' | 'ownerCredentialId' | 'ownerRole' | 'municipalityCode'
    >,
  ): Promise<WebhookSubscriptionEntity> {
    return tx.em.save(tx.em.create(WebhookSubscriptionEntity, { ...values, clearSecret: null, active: true, deletedAt: null }));
  }

  /** Soft delete: the row and its history stay. */
  async deactivate(tx: WriteTx, row: WebhookSubscriptionEntity, at: Date): Promise<void> {
    row.active = false;
    row.deletedAt = at;
    await tx.em.save(row);
  }

  /** Gives up the deliveries still waiting for a deleted subscription (history is kept). */
  async abandonPending(tx: WriteTx, subscriptionId: string): Promise<void> {
    await tx.em.query(
      `UPDATE webhook_deliveries SET status = 'failed', last_error = 'subscription deleted', lease_until = NULL
       WHERE subscription_id = $1 AND status = 'pending'`,
      [subscriptionId],
    );
  }

  /** A subscription's deliveries, newest event first, each with its attempts, in one statement. */
  deliveries(subscriptionId: string, afterSeq: string | null, limit: number): Promise<DeliveryRow[]> {
    const params: unknown[] = [subscriptionId, limit + 1];
    let keyset = '';
    if (afterSeq !== null) {
      params.push(afterSeq);
      keyset = 'AND d.event_seq < $3::bigint';
    }
    return this.db.query(
      `SELECT ${DELIVERY_COLUMNS}, d.event_seq::text AS seq
       FROM webhook_deliveries d
       WHERE d.subscription_id = $1 ${keyset}
       ORDER BY d.event_seq DESC
       LIMIT $2`,
      params,
    );
  }
}
