import { CreateFraudSchema1795884652164 } from './1795884652164-CreateFraudSchema';

/** In the order they run; never edit a migration that has landed, add a new one. */
export const FRAUD_MIGRATIONS = [CreateFraudSchema1795884652164];
