import { DataSource, DataSourceOptions } from 'typeorm';

/** TypeORM's own types for entity and migration lists. */
export type EntityList = NonNullable<DataSourceOptions['entities']>;
export type MigrationList = NonNullable<DataSourceOptions['migrations']>;

export interface ServiceDatabaseOptions {
  url: string;
  /** The PostgreSQL schema this service owns; its tables and its migrations table live there. */
  schema: string;
  entities: EntityList;
  migrations: MigrationList;
  ssl?: boolean;
  sslCa?: string;
  poolSize?: number;
  applicationName?: string;
}

export function serviceDataSourceOptions(options: ServiceDatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'all',
    // Never synchronize: the schema changes only through reviewed, reversible migrations.
    synchronize: false,
    migrationsRun: false,
    ssl: options.ssl ? { ca: options.sslCa || undefined, rejectUnauthorized: true } : false,
    extra: { max: options.poolSize ?? 10, application_name: options.applicationName ?? options.schema },
    logging: ['error'],
  };
}

export function createServiceDataSource(options: ServiceDatabaseOptions): DataSource {
  return new DataSource(serviceDataSourceOptions(options));
}

/** Stable 32-bit key for pg advisory locks, derived from a name. */
export function advisoryLockKey(name: string): number {
  let hash = 0;
  for (const char of name) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

/**
 * Creates the service schema if needed and runs pending migrations while holding a session advisory
 * lock, so replicas starting together never run the same migration twice. Returns the names it ran.
 */
export async function migrateServiceSchema(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const lockKey = advisoryLockKey(`kontor-migrations:${schema}`);
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [lockKey]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const ran = await dataSource.runMigrations({ transaction: 'all' });
    return ran.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [lockKey]).catch(() => undefined);
    await runner.release();
  }
}
