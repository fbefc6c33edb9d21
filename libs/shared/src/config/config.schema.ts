import { z } from 'zod';

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const isOrigin = (o: string) => {
  try {
    return new URL(o).origin === o;
  } catch {
    return false;
  }
};
const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** 32 bytes of key material written as 64 hex digits or base64 / base64url (43 or 44 characters); null otherwise. */
export function parseKeyMaterial(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(t)) {
    const key = Buffer.from(t.replace(/=+$/, ''), 'base64url');
    if (key.length === 32) return key;
  }
  return null;
}
const KEY_MATERIAL = 'must be 32 bytes written as 64 hex digits or base64 (e.g. `openssl rand -base64 32`)';
const keyMaterial = z.string().refine((s) => parseKeyMaterial(s) !== null, KEY_MATERIAL);

/**
 * The one configuration schema. Every variable the registry reads is declared here; a bad value
 * stops the process with a message naming the variable (see {@link loadConfig}).
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: intIn(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /**
   * A streaming replica for the heavy reads (the facts snapshot behind decisions, lists and
   * allowlists); the revision still comes from the primary's NOTIFY, and a replica behind the
   * revision a reader advertises is waited for briefly, then routed around (see READ_REPLICA_MAX_WAIT_MS).
   */
  DATABASE_READ_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  READ_REPLICA_MAX_WAIT_MS: intIn(0, 10_000).default(250),
  DATABASE_POOL_SIZE: intIn(1, 200).default(10),
  /** A statement running longer is cancelled (0: no limit). */
  DATABASE_STATEMENT_TIMEOUT_MS: intIn(0, 3_600_000).default(30_000),
  /** How long a request waits for a pooled connection before it fails with 503. */
  DATABASE_CONNECT_TIMEOUT_MS: intIn(100, 120_000).default(5_000),
  EMBEDDED_PG_PORT: intIn(1024, 65535).default(54329),
  EMBEDDED_PG_DATA_DIR: z.string().min(1).default('./.data/postgres'),
  ADMIN_API_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb')
    .default('256kb'),
  /** Largest import file (POST /v1/imports, raw body or multipart). */
  IMPORT_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb')
    .default('20mb'),
  RATE_LIMIT_PER_MINUTE: intIn(1, 1_000_000).default(600),
  WRITE_RATE_LIMIT_PER_MINUTE: intIn(1, 1_000_000).default(120),
  /** Where rate-limit counters live: `postgres` (shared by every replica on the database) or `memory` (per process). */
  RATE_LIMIT_STORE: z.enum(['postgres', 'memory']).default('postgres'),
  /**
   * With the postgres store: how often each replica adds the hits it counted to the shared counters
   * (one statement for all clients). 0: one upsert per request (exact across replicas, a round trip
   * each). A client can exceed its budget by what it sends to other replicas within one interval.
   */
  RATE_LIMIT_SYNC_MS: intIn(0, 10_000).default(250),
  TRUST_PROXY: bool.default(false),
  EXPIRING_SOON_DAYS: intIn(1, 3650).default(90),
  STALE_CONFIRMATION_DAYS: intIn(1, 3650).default(365),
  CACHE_MAX_AGE_SECONDS: intIn(0, 86400).default(60),
  /**
   * Bytes of serialised answers (decisions, pages, allowlists) kept in memory, least recently used
   * evicted; 0 turns it off. The default holds every bulk page of 10,000 services in one language
   * (100 pages × ≈ 380 KiB): an LRU smaller than a cyclic working set hits nothing.
   */
  RESPONSE_CACHE_BYTES: intIn(0, 4 * 1024 ** 3).default(32 * 1024 ** 2),
  RUN_WORKER_IN_PROCESS: bool.default(true),
  SWEEP_CRON: z.string().min(1).default('0 5 0 * * *'),
  SWEEP_THRESHOLDS_DAYS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'must be a comma-separated list of day counts such as 90,30,7')
    .default('90,30,7')
    .transform((s) => [...new Set(s.split(',').map(Number))].sort((a, b) => b - a)),
  OUTBOX_POLL_MS: intIn(50, 1000).default(500),
  WEBHOOK_RETRY_BASE_MS: intIn(1, 3_600_000).default(1000),
  WEBHOOK_MAX_ATTEMPTS: intIn(1, 50).default(8),
  WEBHOOK_TIMEOUT_MS: intIn(100, 60_000).default(5000),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: bool.default(false),
  AUDIT_SIGNING_KEY: z.string().min(1).optional(),
  /** AES-256-GCM key sealing webhook secrets at rest; unset: a key generated once and kept in the database. */
  WEBHOOK_SECRET_KEY: keyMaterial.optional(),
  /** Earlier WEBHOOK_SECRET_KEY values (comma-separated): still opened, and resealed with the current key at boot. */
  WEBHOOK_SECRET_KEYS_OLD: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .refine((keys) => keys.every((k) => parseKeyMaterial(k) !== null), `each key ${KEY_MATERIAL}`),
  /** Where the shipped data sets (municipalities, criteria) live. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** How long a POST's `Idempotency-Key` and its response are kept for replay. */
  IDEMPOTENCY_TTL_HOURS: intIn(24, 24 * 30).default(24),
  /** Origins (`https://host[:port]`, comma-separated) whose browsers may read the public API (GET/HEAD); empty: no CORS. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      ),
    ])
    .refine(
      (list) => list.every(isOrigin),
      'must be comma-separated origins such as https://portal.example.lg.jp (scheme, host and port only)',
    ),
  /** Run as a read-only mirror of the origin's signed snapshot: a file path or an http(s) URL. */
  MIRROR_FROM: z.string().min(1).optional(),
  /** The origin's Ed25519 public key (SPKI PEM; literal `\n` accepted) that every snapshot must be signed with. */
  MIRROR_PUBLIC_KEY: z
    .string()
    .min(1)
    .transform((s) => s.replaceAll('\\n', '\n'))
    .optional(),
  MIRROR_POLL_SECONDS: intIn(5, 86_400).default(300),
  /** The staff page served at `/` (static files, no build step). */
  WEB_DIR: z.string().min(1).default('./web'),
});

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses an environment; throws a {@link ConfigError} that names each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (result.data.MIRROR_FROM && !result.data.MIRROR_PUBLIC_KEY) {
    throw new ConfigError(
      'Invalid configuration:\n  MIRROR_PUBLIC_KEY: required with MIRROR_FROM (the origin key every snapshot must verify with)',
    );
  }
  return result.data;
}
