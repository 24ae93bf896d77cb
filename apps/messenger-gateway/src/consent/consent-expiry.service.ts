import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { OutboxWriter } from '@kontor/platform-outbox';
import { ConsentRepository } from './consent.repository';

const SWEEP_INTERVAL_MS = 60_000;

/**
 * Expired consents already yield no data (every read checks expires_at). This sweep only announces the
 * `expired` state on kontor.consent.changed.v1 so other services can honour it too.
 */
@Injectable()
export class ConsentExpiryService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ConsentExpiry');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly consents: ConsentRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async sweep(now = new Date()): Promise<number> {
    try {
      const count = await this.consents.publishExpired(now);
      await this.consents.pruneLinkRequests(now);
      if (count > 0) this.outbox.flush();
      return count;
    } catch (error) {
      this.logger.warn(`expiry sweep failed: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
  }
}
