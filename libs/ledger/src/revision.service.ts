import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, type AppConfig } from '@app/shared';
import { CURRENT_REVISION_SQL, LedgerRepository, REVISION_CHANNEL } from './ledger.repository';

/**
 * Knows the registry's current revision without a query per request: it reads it once, then
 * follows `NOTIFY registry_revision` (sent by every write transaction on commit) on a dedicated
 * connection, so replicas learn of each other's writes. While that connection is down it answers
 * from the database, so a stale revision is never served.
 */
/** The longest wait between two attempts to listen again: the API follows writes again within it. */
export const RECONNECT_MAX_MS = 2000;

@Injectable()
export class RevisionService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RevisionService.name);
  private current: bigint | null = null;
  private listener: Client | null = null;
  /** The client of the attempt under way (connecting or listening); events of older clients are ignored. */
  private attempt: Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private failures = 0;
  private closing = false;
  /** Connection attempts made so far (reported, and bounded by the backoff while the database is down). */
  connectAttempts = 0;

  constructor(
    private readonly ledger: LedgerRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.retry) clearTimeout(this.retry);
    await this.attempt?.end().catch(() => undefined);
  }

  /** Whether the revision is followed by NOTIFY right now (false while reconnecting). */
  get listening(): boolean {
    return this.listener !== null;
  }

  /** The revision held in memory (null while not following NOTIFY): for metrics, no query. */
  get known(): string | null {
    return this.current?.toString() ?? null;
  }

  /** The current revision, as a decimal string. */
  async get(): Promise<string> {
    if (this.current !== null) return this.current.toString();
    return this.ledger.revision();
  }

  /**
   * Forgets the revision held in memory: the next read takes it from the database. For a mirror,
   * whose revision is set by the snapshot it loads and may go down as well as up.
   */
  resync(): void {
    this.current = null;
  }

  /** Called by the writer after its own commit (read-your-writes in this process). */
  observe(revision: string): void {
    const r = BigInt(revision);
    if (this.current !== null && r > this.current) this.current = r;
  }

  private async listen(): Promise<void> {
    this.retry = null;
    const client = new Client({ connectionString: this.config.DATABASE_URL, connectionTimeoutMillis: 5000 });
    this.attempt = client;
    this.connectAttempts += 1;
    client.on('error', (err) => this.drop(client, err));
    client.on('end', () => this.drop(client, null));
    client.on('notification', (msg) => {
      if (msg.channel === REVISION_CHANNEL && msg.payload) {
        const r = BigInt(msg.payload);
        if (this.current === null || r > this.current) this.current = r;
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${REVISION_CHANNEL}`);
      const [row] = (await client.query<{ revision: string }>(CURRENT_REVISION_SQL)).rows;
      if (this.attempt !== client) return;
      this.listener = client;
      if (this.failures > 0) this.logger.log(`revision listener back after ${this.failures} failed attempt(s)`);
      this.failures = 0;
      const r = BigInt(row.revision);
      if (this.current === null || r > this.current) this.current = r;
    } catch (err) {
      this.drop(client, err);
    }
  }

  /**
   * The listening connection (or an attempt) failed: answer from the database meanwhile and try
   * again once, after a capped exponential backoff (250 ms doubling to 2 s), however many events
   * (error, end, a failed connect) the same client reports. The revision is re-read on reconnect.
   */
  private drop(client: Client, err: unknown): void {
    if (client !== this.attempt || this.retry !== null) return;
    this.listener = null;
    this.current = null; // fall back to querying until we listen again
    void client.end().catch(() => undefined);
    if (this.closing) return;
    const delay = Math.min(250 * 2 ** this.failures, RECONNECT_MAX_MS);
    this.failures += 1;
    if (this.failures === 1 || this.failures % 30 === 0) {
      this.logger.warn({ err, failures: this.failures }, `revision listener lost; retrying in ${delay} ms`);
    }
    this.retry = setTimeout(() => void this.listen(), delay);
    this.retry.unref();
  }
}
