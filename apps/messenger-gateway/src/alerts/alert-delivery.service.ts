import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { SendApiClient } from '../send-api/send-api.client';
import { AlertDeliveryEntity } from './alert-delivery.entity';

const SWEEP_INTERVAL_MS = 5_000;
const MAX_DELIVERY_ATTEMPTS = 10;

/**
 * Sends pending alert deliveries. A delivery row is locked while it is sent and marked sent in the same
 * transaction, so two replicas never send the same alert. Pending rows left by a crash or a transient
 * Send API failure are picked up by the periodic sweep.
 */
@Injectable()
export class AlertDeliveryService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AlertDelivery');
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sendApi: SendApiClient,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = this.deliverPending().then(() => undefined, (error: unknown) => this.logger.error(`sweep failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    await this.sweeping;
    this.sweeping = undefined;
  }

  /** Delivers pending rows (all, or only those of the given alerts); returns how many were sent. */
  async deliverPending(alertIds?: string[]): Promise<number> {
    let sent = 0;
    for (;;) {
      const outcome = await this.dataSource.transaction(async (manager) => {
        const query = manager
          .getRepository(AlertDeliveryEntity)
          .createQueryBuilder('d')
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .where('d.status = :pending', { pending: 'pending' })
          .orderBy('d.created_at', 'ASC')
          .limit(1);
        if (alertIds) query.andWhere({ alertId: In(alertIds) });
        const delivery = await query.getOne();
        if (!delivery) return 'none';
        const result = await this.sendApi.send(delivery.message);
        delivery.attempts += 1;
        if (result.kind === 'sent') {
          Object.assign(delivery, { status: 'sent', graphMessageId: result.messageId, lastError: null });
        } else {
          delivery.lastError = result.error;
          if (result.kind === 'permanent-failure' || delivery.attempts >= MAX_DELIVERY_ATTEMPTS) delivery.status = 'failed';
          this.logger.warn(`alert ${delivery.alertId} not delivered (${result.kind}): ${result.error}`);
        }
        await manager.save(delivery);
        return result.kind === 'sent' ? 'sent' : delivery.status === 'failed' ? 'failed' : 'retry-later';
      });
      if (outcome === 'none' || outcome === 'retry-later') return sent;
      if (outcome === 'sent') sent++;
    }
  }
}
