export * from './data-source';
export * from './database.module';
export * from './schema-drift';
export * from './database-cli';
