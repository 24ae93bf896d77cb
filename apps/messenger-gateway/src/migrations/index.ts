import { CreateGatewaySchema1795886071175 } from './1795886071175-CreateGatewaySchema';
import { AddConversationsConsentAndInbox1796142825194 } from './1796142825194-AddConversationsConsentAndInbox';

/** In the order they run; never edit a migration that has landed, add a new one. */
export const GATEWAY_MIGRATIONS = [CreateGatewaySchema1795886071175, AddConversationsConsentAndInbox1796142825194];
