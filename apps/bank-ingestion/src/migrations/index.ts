import { CreateIngestionSchema1795884651215 } from './1795884651215-CreateIngestionSchema';

/** In the order they run; never edit a migration that has landed, add a new one. */
export const INGESTION_MIGRATIONS = [CreateIngestionSchema1795884651215];
