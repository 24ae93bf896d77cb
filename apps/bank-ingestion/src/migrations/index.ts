import { CreateIngestionSchema1795886069869 } from './1795886069869-CreateIngestionSchema';

/** In the order they run; never edit a migration that has landed, add a new one. */
export const INGESTION_MIGRATIONS = [CreateIngestionSchema1795886069869];
