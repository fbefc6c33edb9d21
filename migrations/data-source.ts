/** The TypeORM CLI's data source: same schema, entities and migrations as the app. */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../libs/shared/src/config/config.schema';
import { databaseOptions } from '../libs/shared/src/database/database-options';
import { ENTITIES, MIGRATIONS } from './registry';

const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL must be set for the TypeORM CLI');

export default new DataSource(databaseOptions(config.DATABASE_URL, ENTITIES, MIGRATIONS));
