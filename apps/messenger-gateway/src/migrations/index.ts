import { CreateGatewaySchema1795884652572 } from './1795884652572-CreateGatewaySchema';

/** In the order they run; never edit a migration that has landed, add a new one. */
export const GATEWAY_MIGRATIONS = [CreateGatewaySchema1795884652572];
