import { CreateIngestionSchema1795886069869 } from './1795886069869-CreateIngestionSchema';
import { AddPartnerBankRegistry1796139936767 } from './1796139936767-AddPartnerBankRegistry';

/** In the order they run; never edit a migration that has landed, add a new one. */
export const INGESTION_MIGRATIONS = [CreateIngestionSchema1795886069869, AddPartnerBankRegistry1796139936767];
