import { CreateGatewaySchema1795886071175 } from './1795886071175-CreateGatewaySchema';

/** In the order they run; never edit a migration that has landed, add a new one. */
export const GATEWAY_MIGRATIONS = [CreateGatewaySchema1795886071175];
