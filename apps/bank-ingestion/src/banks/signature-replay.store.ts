import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';
import { sha256Hex } from '@kontor/request-signing';
import { IngestionConfig } from '../ingestion.config';
import { SeenSignatureEntity } from './seen-signature.entity';

const PRUNE_INTERVAL_MS = 60_000;

/**
 * Remembers every accepted signature until its timestamp has left the skew window, after which the
 * timestamp check alone refuses it: together they make each signature usable once. Shared by all
 * replicas through PostgreSQL.
 */
@Injectable()
export class SignatureReplayStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('SignatureReplayStore');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: IngestionConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.prune().catch((error: unknown) => this.logger.warn(`pruning seen signatures failed: ${error instanceof Error ? error.message : String(error)}`));
    }, PRUNE_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** True the first time a signature is presented; false for a replay. */
  async firstUse(bankId: string, signature: string, timestampSeconds: number): Promise<boolean> {
    // Kept one minute past the window's end, so clock differences between replicas cannot open a gap.
    const expiresAt = new Date((timestampSeconds + this.config.INGESTION_SIGNATURE_SKEW_SECONDS + 60) * 1000);
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(SeenSignatureEntity)
      .values({ signatureSha256: sha256Hex(signature), bankId, expiresAt })
      .orIgnore()
      .returning('signature_sha256')
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  async prune(now = new Date()): Promise<number> {
    const result = await this.dataSource.getRepository(SeenSignatureEntity).delete({ expiresAt: LessThan(now) });
    return result.affected ?? 0;
  }
}
