import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { APP_CONFIG, type AppConfig, Clock, Metrics } from '@app/shared';
import { type ClaimedDelivery, DeliveriesRepository, type DeliveryOutcome } from './deliveries.repository';
import { toEventResponse } from './events.service';
import { afterFailure, isDelivered } from './retry-policy';
import { signBody, standardWebhookHeaders } from './signature';
import { SecretEnvelopeError } from './secret-envelope';
import { WebhookSecrets } from './webhook-secrets';
import { postJson, TargetForbiddenError } from './webhook-transport';

/** Outbox events fanned out per tick. */
export const FAN_OUT_BATCH = 200;
/** Deliveries leased per tick. */
export const CLAIM_BATCH = 50;
/** Sends in flight at once in one worker; a slow receiver holds one slot for at most the timeout. */
export const MAX_IN_FLIGHT = 32;

/**
 * The webhook worker: every OUTBOX_POLL_MS it fans new outbox events out into deliveries and sends
 * the due ones, concurrently and without waiting for them before the next tick, so a slow or dead
 * receiver never holds up the others. Safe with any number of replicas (SKIP LOCKED and leases).
 * Started on bootstrap by the processes whose module includes it (`WebhookDeliveryModule`).
 */
@Injectable()
export class WebhookWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookWorker.name);
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private tickInFlight: Promise<void> | null = null;
  private readonly sends = new Set<Promise<void>>();

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly secrets: WebhookSecrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Optional() @Inject(Metrics) private readonly metrics?: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
    this.logger.log(`webhook worker started (poll ${this.config.OUTBOX_POLL_MS} ms)`);
  }

  /** Stops polling and waits for the tick and the sends in flight (each bounded by the timeout). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.tickInFlight;
    await Promise.allSettled([...this.sends]);
  }

  /** One round: fan out, then lease and start as many due deliveries as there are free slots. */
  async tick(): Promise<void> {
    let dispatched = FAN_OUT_BATCH;
    while (dispatched === FAN_OUT_BATCH && this.running) dispatched = await this.deliveries.fanOut(FAN_OUT_BATCH);
    const free = Math.min(CLAIM_BATCH, MAX_IN_FLIGHT - this.sends.size);
    if (free <= 0 || !this.running) return;
    const claimed = await this.deliveries.claimDue(free, 2 * this.config.WEBHOOK_TIMEOUT_MS);
    for (const delivery of claimed) {
      const send = this.deliver(delivery).finally(() => this.sends.delete(send));
      this.sends.add(send);
    }
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.tickInFlight = this.tick()
        .catch((err: unknown) => this.logger.error({ err }, 'webhook worker tick failed'))
        .finally(() => {
          this.tickInFlight = null;
          this.schedule(this.config.OUTBOX_POLL_MS);
        });
    }, delayMs);
  }

  /** Sends one delivery and records the attempt; never throws. */
  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const attemptedAt = this.clock.now();
    const started = performance.now();
    const body = JSON.stringify(toEventResponse(delivery.event));
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const secret = await this.secrets.open(delivery.secret);
      statusCode = await postJson(
        new URL(delivery.url),
        body,
        {
          'Content-Type': 'application/json',
          'User-Agent': 'lgwan-registry-webhooks/1',
          'X-Registry-Event': delivery.event.type,
          'X-Registry-Delivery': delivery.id,
          'X-Registry-Signature': signBody(secret, body),
          ...standardWebhookHeaders(secret, delivery.id, attemptedAt, body),
        },
        { timeoutMs: this.config.WEBHOOK_TIMEOUT_MS, allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS },
      );
      if (!isDelivered(statusCode))
        error = statusCode >= 300 && statusCode < 400 ? `redirect ${statusCode} not followed` : `HTTP ${statusCode}`;
    } catch (err) {
      error = describe(err);
    }
    const durationMs = Math.round(performance.now() - started);
    const outcome: DeliveryOutcome = isDelivered(statusCode)
      ? { status: 'delivered', at: this.clock.now() }
      : afterFailure(delivery.attempt, this.config.WEBHOOK_MAX_ATTEMPTS, this.config.WEBHOOK_RETRY_BASE_MS);
    this.metrics?.webhookAttempts.inc({ outcome: outcome.status });
    try {
      await this.deliveries.record(
        { deliveryId: delivery.id, attempt: delivery.attempt, attemptedAt, statusCode, error, durationMs },
        outcome,
      );
    } catch (err) {
      // the lease expires and the delivery is tried again: at least once, never lost
      this.logger.error({ err, deliveryId: delivery.id }, 'could not record a webhook attempt');
    }
  }
}

function describe(err: unknown): string {
  if (err instanceof TargetForbiddenError) return `target forbidden: ${err.message}`;
  if (err instanceof SecretEnvelopeError) return `secret unavailable: ${err.message}`;
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ETARGETFORBIDDEN') return `target forbidden: ${err.message}`;
    return (code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message).slice(0, 500);
  }
  return String(err).slice(0, 500);
}
