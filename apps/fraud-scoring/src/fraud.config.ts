import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { RULE_SETS } from '@kontor/fraud-rules';
import { PlatformConfig } from '@kontor/platform-config';

export class FraudConfig extends PlatformConfig {
  override PORT: number = 3003;

  /** Which rule set scores (its version, thresholds included, is recorded on every score). */
  @IsIn(Object.keys(RULE_SETS))
  FRAUD_RULE_SET: string = 'behaviour';

  /** Attempts per message (normalized transactions, feedback) before it goes to the dead-letter topic. */
  @IsInt()
  @Min(1)
  @Max(20)
  FRAUD_MAX_ATTEMPTS: number = 5;

  /** An open case with no answer expires after this many hours. */
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  FRAUD_CASE_TTL_HOURS: number = 72;

  /** How often open cases past their expiry are marked expired. */
  @IsInt()
  @Min(1)
  @Max(3600)
  FRAUD_CASE_SWEEP_SECONDS: number = 60;

  /**
   * Bank analysts' bearer tokens for the case API, as `bankId:sha256hex` pairs separated by commas; only the
   * SHA-256 of each token is configured, so the configuration never holds a usable credential. Empty: no access.
   */
  @Matches(/^([A-Za-z0-9._-]{1,64}:[0-9a-f]{64}(,[A-Za-z0-9._-]{1,64}:[0-9a-f]{64})*)?$/, {
    message: 'FRAUD_ANALYST_TOKEN_HASHES must be bankId:sha256hex[,bankId:sha256hex...]',
  })
  FRAUD_ANALYST_TOKEN_HASHES: string = '';
}
