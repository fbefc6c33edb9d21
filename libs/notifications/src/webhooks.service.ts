import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RegistryWriter } from '@app/ledger';
import { type Actor, APP_CONFIG, type AppConfig, Clock, decodeCursor, invalidCursor, type Page, toPage } from '@app/shared';
import type { CreateWebhookDto, WebhookDeliveryDto, WebhookResponseDto } from './dto/webhook.dto';
import { ALL_EVENTS, isEventType } from './event-types';
import {
  invalidWebhookUrl,
  municipalityCredentialRequired,
  unknownEventTypes,
  webhookNotFound,
  webhookTargetForbidden,
  webhookTargetUnresolvable,
} from './notifications.errors';
import { webhookUrlProblem } from './target-policy';
import { assertPublicTarget, TargetForbiddenError } from './webhook-transport';
import { WebhookSecrets } from './webhook-secrets';
import { type DeliveryRow, type WebhookRow, WebhooksRepository, type WebhookScope } from './webhooks.repository';

const toWebhookResponse = (w: WebhookRow): WebhookResponseDto => ({
  id: w.id,
  url: w.url,
  events: w.events,
  ownerRole: w.ownerRole,
  municipalityCode: w.municipalityCode,
  createdAt: w.createdAt,
});

const toDeliveryResponse = (d: DeliveryRow): WebhookDeliveryDto => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attemptCount: d.attemptCount,
  nextAttemptAt: d.nextAttemptAt,
  deliveredAt: d.deliveredAt,
  createdAt: d.createdAt,
  attempts: d.attempts.map(([attempt, attemptedAt, statusCode, error, durationMs]) => ({
    attempt,
    attemptedAt,
    statusCode,
    error,
    durationMs,
  })),
});

/**
 * Webhook subscriptions of administrators (every event) and municipalities (their own records and
 * the services they use). Subscriptions are registry data: created and deleted through
 * RegistryWriter, so the audit trail shows them; they emit no outbox events.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly writer: RegistryWriter,
    private readonly repo: WebhooksRepository,
    private readonly secrets: WebhookSecrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateWebhookDto): Promise<WebhookResponseDto> {
    const scope = scopeOf(actor);
    const events = normaliseEvents(dto.events);
    const problem = webhookUrlProblem(dto.url);
    if (problem) throw invalidWebhookUrl(problem);
    const url = new URL(dto.url);
    if (!this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS) await checkTarget(url);

    const id = randomUUID(); // chosen here: the sealed secret is bound to it
    const secretSealed = await this.secrets.seal(id, dto.secret);
    await this.writer.transaction(actor, async (tx) => {
      const row = await this.repo.insert(tx, {
        id,
        url: url.href,
        events,
        secretSealed,
        ownerCredentialId: actor.credentialId,
        ownerRole: scope === null ? 'admin' : 'municipality',
        municipalityCode: scope?.municipalityCode ?? null,
      });
      const view = toWebhookResponse((await this.repo.find(row.id, null, tx))!);
      tx.audit({ action: 'webhook.created', subjectType: 'webhook_subscription', subjectId: row.id, before: null, after: view });
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<WebhookResponseDto> {
    const row = await this.repo.find(id, scopeOf(actor));
    if (!row) throw webhookNotFound(id);
    return toWebhookResponse(row);
  }

  async list(actor: Actor, cursor: string | undefined, limit: number): Promise<Page<WebhookResponseDto>> {
    const scope = scopeOf(actor);
    const after = decodeCursor(cursor, ['timestamp', 'uuid']) as [string, string] | null;
    const rows = await this.repo.list(scope, after, limit);
    return toPage(rows, limit, toWebhookResponse, (r) => r.k);
  }

  /** Soft delete (`active = false`, `deleted_at`): deliveries still waiting are given up, history kept. */
  async remove(actor: Actor, id: string): Promise<void> {
    const scope = scopeOf(actor);
    await this.writer.transaction(actor, async (tx) => {
      const row = await this.repo.lockActive(tx, id, scope);
      if (!row) throw webhookNotFound(id);
      const before = toWebhookResponse((await this.repo.find(id, null, tx))!);
      await this.repo.deactivate(tx, row, this.clock.now());
      await this.repo.abandonPending(tx, id);
      tx.audit({ action: 'webhook.deleted', subjectType: 'webhook_subscription', subjectId: id, before, after: null });
    });
  }

  async deliveries(actor: Actor, id: string, cursor: string | undefined, limit: number): Promise<Page<WebhookDeliveryDto>> {
    await this.get(actor, id);
    const after = decodeCursor(cursor, ['int']) as [string] | null;
    if (after !== null && !/^\d{1,18}$/.test(String(after[0]))) throw invalidCursor();
    const rows = await this.repo.deliveries(id, after?.[0] ?? null, limit);
    return toPage(rows, limit, toDeliveryResponse, (r) => [r.seq]);
  }
}

/** An administrator sees every subscription; a municipality those of its own municipality. */
function scopeOf(actor: Actor): WebhookScope {
  if (actor.role === 'admin') return null;
  if (!actor.municipalityCode) throw municipalityCredentialRequired();
  return { municipalityCode: actor.municipalityCode };
}

/** `["*"]` alone, or known event types (duplicates dropped). */
function normaliseEvents(events: string[]): string[] {
  if (events.includes(ALL_EVENTS)) {
    if (events.some((e) => e !== ALL_EVENTS)) {
      throw unknownEventTypes(
        events.flatMap((value, i) => (value === ALL_EVENTS ? [{ pointer: `/events/${i}`, value: `"*" with other types` }] : [])),
      );
    }
    return [ALL_EVENTS];
  }
  const unknown = events.flatMap((value, i) => (isEventType(value) ? [] : [{ pointer: `/events/${i}`, value }]));
  if (unknown.length > 0) throw unknownEventTypes(unknown);
  return [...new Set(events)];
}

async function checkTarget(url: URL): Promise<void> {
  try {
    await assertPublicTarget(url);
  } catch (err) {
    if (err instanceof TargetForbiddenError) throw webhookTargetForbidden(`${err.address} is a ${err.range} address`);
    throw webhookTargetUnresolvable(url.hostname);
  }
}
