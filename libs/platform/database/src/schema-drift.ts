import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createServiceDataSource, EntityList, MigrationList, migrateServiceSchema } from './data-source';

/** What a service's database consists of: its schema, entities and migrations. */
export interface ServiceDatabaseDefinition {
  schema: string;
  entities: EntityList;
  migrations: MigrationList;
}

export interface SchemaDiff {
  up: string[];
  down: string[];
}

export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Applies the migrations to a throw-away database on the given server and returns what TypeORM would
 * still change to match the entities. Empty means entities and migrations agree.
 */
export async function schemaDiff(serverUrl: string, definition: ServiceDatabaseDefinition, tls: { ssl?: boolean; sslCa?: string } = {}): Promise<SchemaDiff> {
  const database = `kontor_drift_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: withDatabaseName(serverUrl, 'postgres'), ssl: tls.ssl ? { ca: tls.sslCa || undefined, rejectUnauthorized: true } : false });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const dataSource = createServiceDataSource({ url: withDatabaseName(serverUrl, database), ...definition, ...tls, poolSize: 2 });
  try {
    await dataSource.initialize();
    await migrateServiceSchema(dataSource, definition.schema);
    const log = await dataSource.driver.createSchemaBuilder().log();
    return { up: log.upQueries.map((q) => q.query), down: log.downQueries.map((q) => q.query) };
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}
