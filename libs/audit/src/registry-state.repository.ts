import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Reads of the registry_state row outside a write (the writer moves it inside its transaction). */
@Injectable()
export class RegistryStateRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** False when the app was built without a database (OpenAPI export). */
  isConnected(): boolean {
    return this.db.isInitialized;
  }

  /** The committed revision, as a decimal string. */
  async revision(): Promise<string> {
    const [row] = await this.db.query<{ revision: string }[]>('SELECT revision FROM registry_state WHERE id = 1');
    return row.revision;
  }
}
