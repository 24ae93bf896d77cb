import { IsInt, Max, Min } from 'class-validator';
import { PlatformConfig } from '@kontor/platform-config';

export class NormalizerConfig extends PlatformConfig {
  override PORT: number = 3002;

  /** Attempts per message before it is dead-lettered. */
  @IsInt()
  @Min(1)
  @Max(20)
  NORMALIZER_MAX_ATTEMPTS: number = 5;

  /** Feed entries applied in one database transaction. */
  @IsInt()
  @Min(1)
  @Max(2000)
  NORMALIZER_BATCH_SIZE: number = 200;

  /** A pending transaction that has not posted this many days after its date expires. */
  @IsInt()
  @Min(1)
  @Max(90)
  NORMALIZER_PENDING_EXPIRY_DAYS: number = 14;

  /** Feed entries (the occurrence counter's memory) are forgotten after this many days; keep it ≥ the input topic's retention. */
  @IsInt()
  @Min(8)
  @Max(3650)
  NORMALIZER_FEED_ENTRY_RETENTION_DAYS: number = 35;

  /** How often the expiry scheduler looks for pending transactions past their time. */
  @IsInt()
  @Min(100)
  @Max(86_400_000)
  NORMALIZER_EXPIRY_INTERVAL_MS: number = 60_000;
}
