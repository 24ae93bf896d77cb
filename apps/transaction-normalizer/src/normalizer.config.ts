import { IsInt, Max, Min } from 'class-validator';
import { PlatformConfig } from '@kontor/platform-config';

export class NormalizerConfig extends PlatformConfig {
  override PORT: number = 3002;

  /** Attempts per message before it is dead-lettered. */
  @IsInt()
  @Min(1)
  @Max(20)
  NORMALIZER_MAX_ATTEMPTS: number = 5;
}
