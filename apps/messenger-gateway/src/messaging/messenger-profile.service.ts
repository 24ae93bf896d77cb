import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CONVERSATION_PORT, ConversationPort } from '../conversation/conversation.port';
import { GatewayConfig } from '../gateway.config';
import { SendApiClient } from '../send-api/send-api.client';

/**
 * Sets the page's Messenger Profile (Get Started button, greeting, persistent menu) through
 * POST /{version}/me/messenger_profile at start-up. It is idempotent, and a failure only logs: chat works
 * without a menu, and the next start tries again.
 */
@Injectable()
export class MessengerProfileService implements OnApplicationBootstrap {
  private readonly logger = new Logger('MessengerProfile');

  constructor(
    private readonly client: SendApiClient,
    private readonly config: GatewayConfig,
    @Inject(CONVERSATION_PORT) private readonly port: ConversationPort,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.MESSENGER_PROFILE_ON_START) void this.apply();
  }

  async apply(): Promise<boolean> {
    const outcome = await this.client.post('me/messenger_profile', this.port.messengerProfile());
    if (outcome.kind !== 'sent') this.logger.warn(`Messenger Profile not set: ${outcome.error}`);
    return outcome.kind === 'sent';
  }
}
