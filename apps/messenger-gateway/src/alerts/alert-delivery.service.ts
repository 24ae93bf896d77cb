import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { domainMetrics } from '@kontor/platform-observability';
import { GatewayConfig } from '../gateway.config';
import { MessengerSender } from '../messaging/messenger-sender.service';
import type { SendRequestBody } from '../send-api/messaging-policy';
import type { SendOutcome } from '../send-api/send-api.client';
import { AlertDeliveryEntity } from './alert-delivery.entity';

const SWEEP_INTERVAL_MS = 2_000;
const MAX_DELIVERY_ATTEMPTS = 10;

/**
 * Sends pushes (fraud alerts, shipment updates) without holding a database transaction across the Send
 * API call: a short transaction claims one due row (`sending`, with a lease), the call happens outside
 * it, and a second short write records the outcome. Replicas never claim the same row (SKIP LOCKED).
 *
 * The crash window: the Send API has no idempotency key, so a sender that dies after Messenger accepted a
 * message but before `sent` was written leaves a lease that runs out. Such a row is not sent again at
 * once: it becomes `unconfirmed`, and the gateway waits ALERT_ECHO_GRACE_SECONDS for Messenger's message
 * echo, whose `metadata` names the push (`kontor-push:<id>`). The echo marks it `sent`; only without an
 * echo is it sent again. So a push repeats only if the echo is lost or later than the grace period.
 */
@Injectable()
export class AlertDeliveryService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AlertDelivery');
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: MessengerSender,
    private readonly config: GatewayConfig,
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
      const outcome = await this.sender.send(delivery.message as SendRequestBody);
      await this.record(delivery, outcome);
      domainMetrics.alertDelivery(outcome.kind);
      if (outcome.kind === 'sent') sent++;
    }
    return sent;
  }

  /** Messenger echoed a push back: it left, whatever the gateway recorded (or failed to record) after sending. */
  async confirmByEcho(alertId: string, psid: string, messageId: string | undefined): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(AlertDeliveryEntity)
      .update({ alertId, psid, status: In(['sending', 'unconfirmed', 'pending']) }, { status: 'sent', graphMessageId: messageId ?? null, lastError: null });
    return (result.affected ?? 0) > 0;
  }

  private claim(alertIds?: string[]): Promise<AlertDeliveryEntity | undefined> {
    return this.dataSource.transaction(async (manager) => {
      // Leases that ran out: the sender died mid-call, so the message may have left; wait for its echo first.
      await manager.query(
        `UPDATE gateway.alert_delivery SET status = 'unconfirmed', next_attempt_at = now() + make_interval(secs => $1), updated_at = now()
          WHERE status = 'sending' AND next_attempt_at <= now()`,
        [this.config.ALERT_ECHO_GRACE_SECONDS],
      );
      const query = manager
        .getRepository(AlertDeliveryEntity)
        .createQueryBuilder('d')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where("d.status IN ('pending', 'unconfirmed')")
        .andWhere('d.next_attempt_at <= now()')
        .orderBy('d.created_at', 'ASC')
        .limit(1);
      if (alertIds) query.andWhere({ alertId: In(alertIds) });
      const delivery = await query.getOne();
      if (!delivery) return undefined;
      Object.assign(delivery, { status: 'sending', attempts: delivery.attempts + 1, nextAttemptAt: new Date(Date.now() + this.config.ALERT_SEND_LEASE_SECONDS * 1000) });
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
        this.logger.warn(`push ${delivery.alertId} not deliverable: ${outcome.error}`);
        await repository.update(key, { status: 'failed', lastError: outcome.error });
        return;
      case 'transient-failure': {
        const giveUp = delivery.attempts >= MAX_DELIVERY_ATTEMPTS;
        this.logger.warn(`push ${delivery.alertId} attempt ${delivery.attempts} failed${giveUp ? ', giving up' : ''}: ${outcome.error}`);
        const backoffMs = Math.min(60 * 60 * 1000, 10_000 * 2 ** (delivery.attempts - 1));
        await repository.update(key, giveUp ? { status: 'failed', lastError: outcome.error } : { status: 'pending', lastError: outcome.error, nextAttemptAt: new Date(Date.now() + backoffMs) });
        return;
      }
    }
  }
}
