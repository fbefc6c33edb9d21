import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, type AppConfig } from '@app/shared';
import { RegistryStateRepository } from './registry-state.repository';

const CHANNEL = 'registry_revision';

/**
 * Knows the registry's current revision without a query per request: it reads it once, then
 * follows `NOTIFY registry_revision` (sent by every write transaction on commit) on a dedicated
 * connection, so replicas learn of each other's writes. While that connection is down it answers
 * from the database, so a stale revision is never served.
 */
@Injectable()
export class RevisionService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RevisionService.name);
  private current: bigint | null = null;
  private listener: Client | null = null;
  private closing = false;

  constructor(
    private readonly state: RegistryStateRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.state.isConnected()) await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.listener?.end().catch(() => undefined);
  }

  /** The current revision, as a decimal string. */
  async get(): Promise<string> {
    if (this.current !== null) return this.current.toString();
    return this.state.revision();
  }

  /** Called by the writer after its own commit (read-your-writes in this process). */
  observe(revision: string): void {
    const r = BigInt(revision);
    if (this.current !== null && r > this.current) this.current = r;
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.DATABASE_URL });
    client.on('error', (err) => this.drop(client, err));
    client.on('end', () => this.drop(client, null));
    client.on('notification', (msg) => {
      if (msg.channel === CHANNEL && msg.payload) {
        const r = BigInt(msg.payload);
        if (this.current === null || r > this.current) this.current = r;
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      const [row] = (await client.query<{ revision: string }>('SELECT revision FROM registry_state WHERE id = 1')).rows;
      this.listener = client;
      const r = BigInt(row.revision);
      if (this.current === null || r > this.current) this.current = r;
    } catch (err) {
      this.drop(client, err);
    }
  }

  private drop(client: Client, err: unknown): void {
    if (this.listener !== client && this.listener !== null) return;
    this.listener = null;
    this.current = null; // fall back to querying until we listen again
    if (this.closing) return;
    if (err) this.logger.warn({ err }, 'revision listener lost; retrying in 1s');
    void client.end().catch(() => undefined);
    setTimeout(() => void this.listen(), 1000).unref();
  }
}
