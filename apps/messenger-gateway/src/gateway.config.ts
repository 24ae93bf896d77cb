import { IsInt, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { PlatformConfig } from '@kontor/platform-config';

export class GatewayConfig extends PlatformConfig {
  override PORT: number = 3004;

  /** Graph API origin; point it at the fake Graph API locally and in tests. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  GRAPH_API_BASE_URL: string = 'https://graph.facebook.com';

  @Matches(/^v\d+\.\d+$/, { message: 'GRAPH_API_VERSION must look like v23.0' })
  GRAPH_API_VERSION: string = 'v23.0';

  @MinLength(1, { message: 'MESSENGER_PAGE_ACCESS_TOKEN is required' })
  MESSENGER_PAGE_ACCESS_TOKEN: string = '';

  /** Key for account tokens; must equal bank-ingestion's so consents name the same accounts. */
  @MinLength(32, { message: 'KONTOR_TOKENIZATION_KEY must be at least 32 characters' })
  KONTOR_TOKENIZATION_KEY: string = '';

  @IsInt()
  @Min(1)
  @Max(20)
  GATEWAY_MAX_ATTEMPTS: number = 5;

  /** Send API attempts per message on 5xx and rate limits before the delivery is left for the sweeper. */
  @IsInt()
  @Min(1)
  @Max(10)
  SEND_API_MAX_ATTEMPTS: number = 4;
}
