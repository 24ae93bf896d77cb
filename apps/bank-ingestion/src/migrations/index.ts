import { CreateIngestionSchema1795886069869 } from './1795886069869-CreateIngestionSchema';
import { AddPartnerBankRegistry1796141595955 } from './1796141595955-AddPartnerBankRegistry';

/** In the order they run; never edit a migration that has landed, add a new one. */
export const INGESTION_MIGRATIONS = [CreateIngestionSchema1795886069869, AddPartnerBankRegistry1796141595955];
