import { IsIn, IsInt, Max, Min } from 'class-validator';
import { PlatformConfig } from '@kontor/platform-config';

export class FraudConfig extends PlatformConfig {
  override PORT: number = 3003;

  /** Which rule set scores (its version is recorded on every score). */
  @IsIn(['baseline'])
  FRAUD_RULE_SET: string = 'baseline';

  @IsInt()
  @Min(1)
  @Max(20)
  FRAUD_MAX_ATTEMPTS: number = 5;
}
