import { CreateFraudSchema1795886070735 } from './1795886070735-CreateFraudSchema';
import { AddProfilesAndCases1796139940224 } from './1796139940224-AddProfilesAndCases';

/** In the order they run; never edit a migration that has landed, add a new one. */
export const FRAUD_MIGRATIONS = [CreateFraudSchema1795886070735, AddProfilesAndCases1796139940224];
