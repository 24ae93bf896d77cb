import { tmpdir } from 'node:os';
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { PlatformConfig } from '@kontor/platform-config';

export class IngestionConfig extends PlatformConfig {
  override PORT: number = 3001;

  /** Accepted clock difference between a bank's signature timestamp and ours, in seconds. */
  @IsInt()
  @Min(30)
  @Max(900)
  INGESTION_SIGNATURE_SKEW_SECONDS: number = 300;

  /** Largest feed body accepted; bodies stream to disk, so this bounds disk, not memory. */
  @IsInt()
  @Min(1024)
  @Max(2 * 1024 * 1024 * 1024)
  INGESTION_MAX_BODY_BYTES: number = 200 * 1024 * 1024;

  /** Where request bodies are spooled (encrypted) while a feed is read; the OS temp directory when empty. */
  @IsOptional()
  @IsString()
  INGESTION_SPOOL_DIR: string = '';

  /** Outbox rows (and rejections, statements) written per INSERT while a feed streams; bounds memory per feed. */
  @IsInt()
  @Min(10)
  @Max(5000)
  INGESTION_WRITE_CHUNK: number = 500;

  /** 32 random bytes, base64: encrypts bank signing secrets at rest. */
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'KONTOR_SECRETS_KEY must be 32 bytes, base64-encoded' })
  KONTOR_SECRETS_KEY: string = '';

  /** Key for account and card tokens; every service that tokenizes must share it. */
  @MinLength(32, { message: 'KONTOR_TOKENIZATION_KEY must be at least 32 characters' })
  KONTOR_TOKENIZATION_KEY: string = '';

  /**
   * Development only: banks to register at start-up, `bankId:keyId:secret[,…]`. Refused in production,
   * where banks are registered with the admin CLI (`node dist/apps/bank-ingestion/src/admin.js`).
   * Seeded banks may report on every account (`*`).
   */
  @IsOptional()
  @Matches(/^([a-z0-9-]+:[A-Za-z0-9-]+:[^,:]{16,})(,[a-z0-9-]+:[A-Za-z0-9-]+:[^,:]{16,})*$/, {
    message: 'INGESTION_DEV_SEED_BANKS must be bankId:keyId:secret[,...] with secrets of 16+ characters',
  })
  INGESTION_DEV_SEED_BANKS?: string = undefined;

  spoolDirectory(): string {
    return this.INGESTION_SPOOL_DIR || tmpdir();
  }
}
