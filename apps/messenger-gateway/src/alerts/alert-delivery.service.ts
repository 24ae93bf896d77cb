import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Brackets, DataSource, In } from 'typeorm';
import { domainMetrics } from '@kontor/platform-observability';
import { SendApiClient, SendOutcome } from '../send-api/send-api.client';
import { AlertDeliveryEntity } from './alert-delivery.entity';

const SWEEP_INTERVAL_MS = 5_000;
const MAX_DELIVERY_ATTEMPTS = 10;
/** How long a sender owns a claimed delivery; past it, the sweep assumes the sender died. */
const LEASE_MS = 2 * 60 * 1000;

/**
 * Sends alert deliveries without holding a database transaction across the Send API call: a short
 * transaction claims one due row (`sending`, with a lease), the call happens outside it, and a second
 * short write records the outcome. Replicas never claim the same row (row lock + SKIP LOCKED).
 *
 * The one gap Messenger leaves open: the Send API has no idempotency key, so if a sender dies after
 * Messenger accepted a message but before `sent` is written, the lease expires and the alert is sent
 * again. The window is one HTTP round trip.
 */
@Injectable()
export class AlertDeliveryService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AlertDelivery');
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sendApi: SendApiClient,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.deliverInBackground(), SWEEP_INTERVAL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  /** Starts delivering due rows (of the given alerts, or all) without making the caller wait. */
  deliverInBackground(alertIds?: string[]): void {
    if (this.stopping) return;
    const run = this.deliverDue(alertIds).catch((error: unknown) =>
      this.logger.error(`delivery failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  /** Delivers due rows until none is left; returns how many were sent. */
  async deliverDue(alertIds?: string[]): Promise<number> {
    let sent = 0;
    for (let delivery = await this.claim(alertIds); delivery && !this.stopping; delivery = await this.claim(alertIds)) {
      const outcome = await this.sendApi.send(delivery.message);
      await this.record(delivery, outcome);
      domainMetrics.alertDelivery(outcome.kind);
      if (outcome.kind === 'sent') sent++;
    }
    return sent;
  }

  private claim(alertIds?: string[]): Promise<AlertDeliveryEntity | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const query = manager
        .getRepository(AlertDeliveryEntity)
        .createQueryBuilder('d')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where(new Brackets((q) => q.where("d.status = 'pending'").orWhere("d.status = 'sending'")))
        .andWhere('d.next_attempt_at <= now()')
        .orderBy('d.created_at', 'ASC')
        .limit(1);
      if (alertIds) query.andWhere({ alertId: In(alertIds) });
      const delivery = await query.getOne();
      if (!delivery) return undefined;
      Object.assign(delivery, { status: 'sending', attempts: delivery.attempts + 1, nextAttemptAt: new Date(Date.now() + LEASE_MS) });
      return manager.save(delivery);
    });
  }

  private async record(delivery: AlertDeliveryEntity, outcome: SendOutcome): Promise<void> {
    const repository = this.dataSource.getRepository(AlertDeliveryEntity);
    const key = { alertId: delivery.alertId, psid: delivery.psid, status: 'sending' as const };
    switch (outcome.kind) {
      case 'sent':
        await repository.update(key, { status: 'sent', graphMessageId: outcome.messageId, lastError: null });
        return;
      case 'permanent-failure':
        this.logger.warn(`alert ${delivery.alertId} not deliverable: ${outcome.error}`);
        await repository.update(key, { status: 'failed', lastError: outcome.error });
        return;
      case 'transient-failure': {
        const giveUp = delivery.attempts >= MAX_DELIVERY_ATTEMPTS;
        this.logger.warn(`alert ${delivery.alertId} attempt ${delivery.attempts} failed${giveUp ? ', giving up' : ''}: ${outcome.error}`);
        const backoffMs = Math.min(60 * 60 * 1000, 10_000 * 2 ** (delivery.attempts - 1));
        await repository.update(key, giveUp ? { status: 'failed', lastError: outcome.error } : { status: 'pending', lastError: outcome.error, nextAttemptAt: new Date(Date.now() + backoffMs) });
        return;
      }
    }
  }
}
