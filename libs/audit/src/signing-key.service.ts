import { Inject, Injectable } from '@nestjs/common';
import { type Actor, APP_CONFIG, type AppConfig, Clock, SYSTEM_ACTOR, validationFailed } from '@app/shared';
import { generateSigningKey, keyIdOf, loadOrCreateSigningKey } from './crypto';
import type { SigningKeyDto } from './dto/keys.dto';
import { RegistryWriter, type WriteTx } from '@app/ledger';
import { signingKeyConfigured } from './audit.errors';
import { type SigningKeyRecord, SigningKeysRepository } from './signing-keys.repository';

/** The key that signs now, with its private half. */
export interface ActiveSigningKey {
  keyId: string;
  privateKeyPem: string;
  publicKeyPem: string;
}

/** How long a process trusts its idea of the active key (another replica may rotate meanwhile). */
export const KEY_TTL_MS = 30_000;

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** Reads AUDIT_SIGNING_KEY: an Ed25519 private key, PKCS#8 PEM (literal `\n` accepted for one-line env files). */
export function configuredSigningKey(pem: string): ActiveSigningKey {
  try {
    const { privateKeyPem, publicKeyPem, keyId } = loadOrCreateSigningKey(pem.replace(/\\n/g, '\n'));
    return { keyId, privateKeyPem, publicKeyPem };
  } catch {
    throw new Error('AUDIT_SIGNING_KEY must be an Ed25519 private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)');
  }
}

export function toSigningKeyResponse(k: SigningKeyRecord): SigningKeyDto {
  return { keyId: k.keyId, algorithm: 'Ed25519', publicKey: k.publicKeyPem, createdAt: k.createdAt, retiredAt: k.retiredAt };
}

/**
 * The Ed25519 keys that sign checkpoints and receipts, all listed in signing_keys (public halves
 * are published at GET /v1/keys; retired keys stay listed so what they signed still verifies).
 * - AUDIT_SIGNING_KEY configured: that key signs; it is recorded with its public key only, and
 *   when the configured key changes, the new one is added and the previous one retired.
 * - otherwise: a key generated once and kept (private half included), replaced by POST
 *   /v1/keys/rotate, or when the active key was a configured one no longer configured.
 * Every change is an audit event (`signing_key.created` / `signing_key.rotated`).
 */
@Injectable()
export class SigningKeyService {
  private readonly configured: ActiveSigningKey | null;
  private cached: { at: number; key: Promise<ActiveSigningKey> } | null = null;

  constructor(
    private readonly repo: SigningKeysRepository,
    private readonly writer: RegistryWriter,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.configured = config.AUDIT_SIGNING_KEY ? configuredSigningKey(config.AUDIT_SIGNING_KEY) : null;
  }

  /** The active key, resolved (and recorded) on first use, then trusted for KEY_TTL_MS. */
  key(): Promise<ActiveSigningKey> {
    const now = performance.now();
    if (this.cached === null || now - this.cached.at > KEY_TTL_MS) {
      const key = this.resolve();
      this.cached = { at: now, key };
      key.catch(() => {
        if (this.cached?.key === key) this.cached = null; // retry on the next request
      });
    }
    return this.cached.key;
  }

  async list(): Promise<SigningKeyDto[]> {
    await this.key(); // a fresh registry lists the key it will sign with
    return (await this.repo.list()).map(toSigningKeyResponse);
  }

  /**
   * Generates a new key and retires the active one. With an Idempotency-Key already used, answers
   * the key that rotation created instead of rotating again.
   */
  async rotate(actor: Actor, idempotencyKey: string | undefined): Promise<SigningKeyDto> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw validationFailed('Idempotency-Key must be 1 to 200 visible ASCII characters', [
        { pointer: '/headers/idempotency-key', detail: 'invalid Idempotency-Key' },
      ]);
    }
    if (this.configured) {
      throw signingKeyConfigured();
    }
    const record = await this.writer.transaction(
      actor,
      async (tx) => {
        await this.repo.lock(tx);
        const replayed = idempotencyKey === undefined ? null : await this.repo.byIdempotencyKey(tx, idempotencyKey);
        if (replayed) return replayed;
        const { privateKeyPem, publicKeyPem } = generateSigningKey();
        return this.replaceActive(tx, { keyId: keyIdOf(publicKeyPem), publicKeyPem, privateKeyPem }, idempotencyKey ?? null);
      },
      { bumpRevision: false },
    );
    this.cached = null;
    return toSigningKeyResponse(record);
  }

  private async resolve(): Promise<ActiveSigningKey> {
    const configured = this.configured;
    const active = await this.repo.active();
    if (configured) {
      if (active?.keyId !== configured.keyId) {
        await this.writer.transaction(
          SYSTEM_ACTOR,
          async (tx) => {
            await this.repo.lock(tx);
            if ((await this.repo.active(tx))?.keyId === configured.keyId) return; // another replica did it
            await this.replaceActive(tx, { ...configured, privateKeyPem: null }, null);
          },
          { bumpRevision: false },
        );
      }
      return configured;
    }
    if (active?.privateKeyPem) return { ...active, privateKeyPem: active.privateKeyPem };
    // no key yet, or the active one came from AUDIT_SIGNING_KEY, which is no longer configured
    return this.writer.transaction(
      SYSTEM_ACTOR,
      async (tx) => {
        await this.repo.lock(tx);
        const current = await this.repo.active(tx);
        if (current?.privateKeyPem) return { ...current, privateKeyPem: current.privateKeyPem };
        const { privateKeyPem, publicKeyPem } = generateSigningKey();
        const keyId = keyIdOf(publicKeyPem);
        await this.replaceActive(tx, { keyId, publicKeyPem, privateKeyPem }, null);
        return { keyId, publicKeyPem, privateKeyPem };
      },
      { bumpRevision: false },
    );
  }

  private async replaceActive(
    tx: WriteTx,
    key: { keyId: string; publicKeyPem: string; privateKeyPem: string | null },
    idempotencyKey: string | null,
  ): Promise<SigningKeyRecord> {
    const previous = await this.repo.active(tx);
    const record = await this.repo.replaceActive(tx, { ...key, idempotencyKey }, this.clock.now().toISOString());
    tx.audit({
      action: previous ? 'signing_key.rotated' : 'signing_key.created',
      subjectType: 'signing_key',
      subjectId: key.keyId,
      before: previous ? { keyId: previous.keyId, retiredAt: null } : null,
      after: {
        ...toSigningKeyResponse(record),
        source: key.privateKeyPem === null ? 'AUDIT_SIGNING_KEY' : 'generated',
        ...(previous ? { retired: previous.keyId } : {}),
      },
    });
    return record;
  }
}
