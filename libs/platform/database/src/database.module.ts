import { DynamicModule, Global, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createServiceDataSource, migrateServiceSchema, ServiceDatabaseOptions } from './data-source';

export interface DatabaseModuleOptions extends ServiceDatabaseOptions {
  runMigrations: boolean;
}

const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

async function initialize(options: DatabaseModuleOptions): Promise<DataSource> {
  const logger = new Logger('Database');
  const dataSource = createServiceDataSource(options);
  await dataSource.initialize();
  if (options.runMigrations) {
    const ran = await migrateServiceSchema(dataSource, options.schema);
    logger.log(ran.length > 0 ? `schema "${options.schema}": ran ${ran.join(', ')}` : `schema "${options.schema}" is up to date`);
  }
  return dataSource;
}

/** Provides the service's TypeORM DataSource, initialized (and migrated, if asked) before the app starts. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE_OPTIONS, useValue: options },
        { provide: DataSource, useFactory: (o: DatabaseModuleOptions) => initialize(o), inject: [DATABASE_OPTIONS] },
        DatabaseLifecycle,
      ],
      exports: [DataSource],
    };
  }
}

