import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { RegistryWriter } from '@app/ledger';
import { APP_CONFIG, type AppConfig, parseKeyMaterial, SYSTEM_ACTOR } from '@app/shared';
import { open, seal, SecretEnvelopeError, type SecretKey, secretKey } from './secret-envelope';
import { type StoredSecret, WebhookSecretsRepository } from './webhook-secrets.repository';

/** The key that seals now, and every key that may open a stored secret. */
interface Keyring {
  current: SecretKey;
  all: SecretKey[];
  generated: boolean;
}

/** Subscriptions resealed per transaction at boot. */
export const RESEAL_BATCH = 200;

const keyOf = (text: string): SecretKey => secretKey(parseKeyMaterial(text)!);

/**
 * Webhook secrets at rest. New secrets are sealed (AES-256-GCM, `secret-envelope.ts`) with
 * WEBHOOK_SECRET_KEY; without one, with a key generated once and kept in webhook_secret_keys (as
 * the audit signing key is), which the boot log announces. Secrets sealed with a key listed in
 * WEBHOOK_SECRET_KEYS_OLD or with a generated key still open; at boot every secret in clear or
 * sealed with another key is resealed with the current one, so a rotation completes with one
 * restart. The secret itself is opened only to sign a delivery.
 */
@Injectable()
export class WebhookSecrets implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhookSecrets.name);
  private readonly configured: SecretKey | null;
  private readonly old: SecretKey[];
  private keyring: Promise<Keyring> | null = null;
  private readonly mirror: boolean;

  constructor(
    private readonly repo: WebhookSecretsRepository,
    private readonly writer: RegistryWriter,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.mirror = config.MIRROR_FROM !== undefined;
    this.configured = config.WEBHOOK_SECRET_KEY ? keyOf(config.WEBHOOK_SECRET_KEY) : null;
    this.old = config.WEBHOOK_SECRET_KEYS_OLD.map(keyOf);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.mirror) return; // a read-only mirror takes no subscriptions and delivers nothing
    try {
      const keys = await this.keys();
      if (keys.generated) {
        this.logger.warn(
          `webhook secrets are sealed with a generated key (${keys.current.id}) kept in the database: set WEBHOOK_SECRET_KEY in production`,
        );
      }
      const { resealed, unreadable } = await this.resealAll();
      if (resealed > 0) this.logger.log(`resealed ${resealed} webhook secret(s) with key ${keys.current.id}`);
      if (unreadable > 0) {
        this.logger.error(`${unreadable} webhook secret(s) are sealed with a key not configured: add it to WEBHOOK_SECRET_KEYS_OLD`);
      }
    } catch (err) {
      // deliveries still open whatever they can; the next boot tries again
      this.logger.error({ err }, 'could not prepare the webhook secret keys');
    }
  }

  /** The envelope to store for a new subscription's secret. */
  async seal(subscriptionId: string, secret: string): Promise<string> {
    return seal((await this.keys()).current, secret, subscriptionId);
  }

  /** The secret of a subscription, to sign with. Throws {@link SecretEnvelopeError} when it cannot be opened. */
  async open(stored: StoredSecret): Promise<string> {
    if (stored.clearSecret !== null) return stored.clearSecret;
    if (stored.secretSealed === null) throw new SecretEnvelopeError('no secret stored');
    return open((await this.keys()).all, stored.secretSealed, stored.id);
  }

  /** Reseals every secret in clear or under another key with the current key; answers the counts. */
  async resealAll(): Promise<{ resealed: number; unreadable: number }> {
    const { current, all } = await this.keys();
    let resealed = 0;
    let unreadable = 0;
    let after: string | null = null;
    for (;;) {
      const batch: StoredSecret[] = await this.writer.transaction(
        SYSTEM_ACTOR,
        async (tx) => {
          const rows = await this.repo.staleSecrets(tx, current.id, after, RESEAL_BATCH);
          let done = 0;
          for (const row of rows) {
            let secret: string;
            try {
              secret = row.clearSecret ?? open(all, row.secretSealed ?? '', row.id);
            } catch {
              unreadable += 1;
              continue;
            }
            await this.repo.storeSealed(tx, row.id, seal(current, secret, row.id));
            done += 1;
          }
          if (done > 0) {
            tx.audit({
              action: 'webhook_secrets.resealed',
              subjectType: 'webhook_secret_key',
              subjectId: current.id,
              before: null,
              after: { keyId: current.id, count: done },
            });
          }
          resealed += done;
          return rows;
        },
        { bumpRevision: false },
      );
      if (batch.length < RESEAL_BATCH) return { resealed, unreadable };
      after = batch[batch.length - 1].id;
    }
  }

  private keys(): Promise<Keyring> {
    if (this.keyring === null) {
      const keyring = this.resolve();
      this.keyring = keyring;
      keyring.catch(() => {
        if (this.keyring === keyring) this.keyring = null; // try again on the next use
      });
    }
    return this.keyring;
  }

  private async resolve(): Promise<Keyring> {
    const toKeys = (rows: { keyMaterial: Buffer }[]) => rows.map((r) => secretKey(r.keyMaterial));
    let generated = toKeys(await this.repo.generatedKeys());
    if (this.configured) return { current: this.configured, all: [this.configured, ...this.old, ...generated], generated: false };
    if (generated.length === 0) {
      generated = await this.writer.transaction(
        SYSTEM_ACTOR,
        async (tx) => {
          await this.repo.lock(tx);
          const existing = toKeys(await this.repo.generatedKeys(tx));
          if (existing.length > 0) return existing; // another replica made it
          const key = secretKey(randomBytes(32));
          await this.repo.insertGeneratedKey(tx, key.id, key.key);
          tx.audit({
            action: 'webhook_secret_key.created',
            subjectType: 'webhook_secret_key',
            subjectId: key.id,
            before: null,
            after: { keyId: key.id, source: 'generated' },
          });
          return [key];
        },
        { bumpRevision: false },
      );
    }
    return { current: generated[0], all: [...generated, ...this.old], generated: true };
  }
}
